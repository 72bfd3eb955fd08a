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

/* ------------------------------------------------------------------------------------------
 * Sites the reader enables beyond the defaults ("Enable on this site", options page).
 * A site is an origin without port: scheme and host name, e.g. `https://social.example`.
 * Its match pattern `https://social.example/*` covers every port and path of that host.
 * ---------------------------------------------------------------------------------------- */

export const DEFAULT_HOSTS: readonly string[] = [...DEFAULT_INSTANCES, ...DEFAULT_CLIENT_HOSTS];

/** Why typed text is not a site the reader can enable (each has its own message in `_locales`). */
export type SiteInputError = 'empty' | 'scheme' | 'wildcard' | 'path' | 'port' | 'credentials' | 'host' | 'builtIn';

export type SiteInput = { ok: true; origin: string } | { ok: false; error: SiteInputError };

/** Longest host name DNS allows. */
const MAX_HOST_LENGTH = 253;
/** A DNS name (letters, digits, hyphens, dots, punycode) or an IPv4 address; IPv6 literals in brackets. */
const HOST_NAME = /^(?=.{1,253}$)(?!-)[a-z0-9-]{1,63}(?<!-)(\.(?!-)[a-z0-9-]{1,63}(?<!-))*$/;
const IPV6 = /^\[[0-9a-f:.]+\]$/;

/**
 * What the reader typed into "Add a site" as a site origin: a host name (`social.example`, https is
 * assumed) or an http(s) URL of the site's root (`https://social.example/`). Paths, ports,
 * wildcards, user names and other schemes are refused with the reason.
 */
export function parseSiteInput(input: string): SiteInput {
  const text = input.trim();
  if (!text) return { ok: false, error: 'empty' };
  if (text.includes('*')) return { ok: false, error: 'wildcard' };
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  // `social.example:8443` reads as scheme "social.example": only a scheme followed by // is one.
  const hasScheme = scheme !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  if (hasScheme && scheme !== 'http' && scheme !== 'https') return { ok: false, error: 'scheme' };
  if (!hasScheme && scheme !== undefined && !/^[^:/]+:\d+/.test(text)) return { ok: false, error: 'scheme' };
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    return { ok: false, error: 'host' };
  }
  if (url.username || url.password) return { ok: false, error: 'credentials' };
  if (url.port) return { ok: false, error: 'port' };
  if (url.pathname !== '/' || url.search || url.hash || /[?#]/.test(text)) return { ok: false, error: 'path' };
  const host = url.hostname;
  if (!isValidHost(host)) return { ok: false, error: 'host' };
  const origin = `${url.protocol}//${host}`;
  if (isBuiltInOrigin(origin)) return { ok: false, error: 'builtIn' };
  return { ok: true, origin };
}

/** The site (origin without port) of a page's URL, or null for pages that are not http(s). */
export function siteOfUrl(url: string | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return `${parsed.protocol}//${parsed.hostname}`;
  } catch {
    return null;
  }
}

/** Whether `value` is a site origin as `parseSiteInput` makes them (what messages and storage may carry). */
export function isSiteOrigin(value: unknown): value is string {
  if (typeof value !== 'string' || value.length > MAX_HOST_LENGTH + 8) return false;
  return siteOfUrl(value) === value && isValidHost(new URL(value).hostname);
}

function isValidHost(host: string): boolean {
  return host.length <= MAX_HOST_LENGTH && (HOST_NAME.test(host) || IPV6.test(host));
}

/** The match pattern that covers a site: every port and path. */
export function sitePattern(origin: string): string {
  return `${origin}/*`;
}

/** The site a single-site match pattern (`https://social.example/*`) covers; null for any other pattern. */
export function siteOfPattern(pattern: string): string | null {
  const match = /^(https?:\/\/[^/*]+)\/\*$/.exec(pattern);
  return match && isSiteOrigin(match[1]) ? match[1]! : null;
}

/** Whether the content script runs on this site without asking: one of the default instances or clients. */
export function isBuiltInOrigin(origin: string): boolean {
  return DEFAULT_MATCHES.includes(sitePattern(origin));
}

/**
 * Whether one of the manifest's own match patterns (`scheme://host/*`, `*.host` allowed) covers a
 * page URL. Enough for the patterns this extension declares; not a general match-pattern engine.
 */
export function patternCoversUrl(pattern: string, url: string): boolean {
  const match = /^(\*|https?):\/\/(\*|(?:\*\.)?[^/*]+)\/(.*)$/.exec(pattern);
  const site = siteOfUrl(url);
  if (!match || !site) return false;
  const [, scheme, host, path] = match as unknown as [string, string, string, string];
  const { protocol, hostname, pathname } = new URL(url);
  if (scheme !== '*' && `${scheme}:` !== protocol) return false;
  if (path !== '*' && `/${path}` !== pathname) return false;
  if (host === '*') return true;
  if (host.startsWith('*.')) return hostname === host.slice(2) || hostname.endsWith(host.slice(1));
  return hostname === host;
}

/** What the extension does on a tab's site, as the popup shows it. */
export type SiteStatus =
  /** Not a web page (about:, chrome://, another extension), or one whose address the popup may not read. */
  | { kind: 'unavailable' }
  /** The manifest's own content script runs there: a built-in site (test builds add local ones). */
  | { kind: 'builtIn'; origin: string }
  | { kind: 'enabled'; origin: string }
  | { kind: 'available'; origin: string };

export function siteStatus(url: string | undefined, staticMatches: readonly string[], enabled: readonly string[]): SiteStatus {
  const origin = siteOfUrl(url);
  if (!url || !origin) return { kind: 'unavailable' };
  if (isBuiltInOrigin(origin) || staticMatches.some((pattern) => patternCoversUrl(pattern, url))) return { kind: 'builtIn', origin };
  return enabled.includes(origin) ? { kind: 'enabled', origin } : { kind: 'available', origin };
}
