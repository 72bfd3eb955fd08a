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

export const DEFAULT_MATCHES = DEFAULT_INSTANCES.map((host) => `https://${host}/*`);
