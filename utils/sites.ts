/**
 * Where the content script runs without asking: large German and international instances.
 * On these it still checks that the page is Mastodon's web UI before touching anything.
 */
export const DEFAULT_INSTANCES = [
  'mastodon.social',
  'mastodon.online',
  'chaos.social',
  'troet.cafe',
  'mastodon.de',
  'social.bund.de',
  'det.social',
  'norden.social',
  'muenchen.social',
  'nrw.social',
  'hachyderm.io',
  'fosstodon.org',
  'infosec.exchange',
  'mstdn.social',
  'mas.to',
] as const;

/**
 * Public deployments of other web clients, on their own origins: Elk (elk.zone) and Phanpy (phanpy.social).
 * There, too, the content script first checks that the page is that client. lmst documents no public
 * deployment (cyevgeniy/lmst README), so none is listed.
 */
export const DEFAULT_CLIENT_HOSTS = ['elk.zone', 'phanpy.social'] as const;

export const DEFAULT_MATCHES = [...DEFAULT_INSTANCES, ...DEFAULT_CLIENT_HOSTS].map((host) => `https://${host}/*`);
