const TAG_PATH = /^\/tags\/([^/?#]+)\/?$/i;
const MAX_TAG_LENGTH = 100;
const MAX_HREF_LENGTH = 2_000;

/**
 * An href whose pathname `new URL` would give back unchanged: an optional `http(s)://host` (a plain
 * host name, see {@link isPlainHost}), then a path of one leading `/` (not `//`, which names a host)
 * and characters the URL parser neither removes, nor treats as separators, nor resolves (no dots, no
 * `%2e`, so no `.`/`..` segments; no white space, no backslash), then an optional query or fragment.
 * Group 1: the host, group 2: the pathname. Letters outside ASCII are percent-encoded by the parser
 * and decoded again by `decodeURIComponent`, so they come out the same (lone surrogates are no `\p{L}`).
 */
const PLAIN_HREF = /^(?:https?:\/\/([A-Za-z0-9.-]+))?(\/(?![/\\])[\p{L}\p{M}\p{N}_@~+%/-]*)(?:[?#][\s\S]*)?$/iu;
const PLAIN_LABEL_START = /(?:^|\.)[A-Za-z][A-Za-z0-9-]*$/;

/**
 * A host the URL parser takes as it is: dot-separated labels of ASCII letters, digits and hyphens, no
 * empty label, no punycode (`xn--` labels are validated, and may fail), and a last label starting with
 * a letter (one ending in a number is parsed as an IPv4 address, which may fail).
 */
function isPlainHost(host: string): boolean {
  return !host.includes('..') && !host.startsWith('.') && PLAIN_LABEL_START.test(host) && !/xn--/i.test(host);
}

/** Folds a hashtag for comparison: NFKC (so `＃ＰＲＯＴＯＫＯＬＬ` matches) and lower case. */
export function normalizeTagName(name: string): string {
  return name.normalize('NFKC').replace(/^#/, '').toLowerCase();
}

/** The tag a link points to, by its `/tags/NAME` path or, failing that, by text starting with `#`. */
export function hashtagNameOfLink(link: HTMLAnchorElement): string | null {
  const href = link.getAttribute('href');
  const fromPath = tagFromHref(href);
  if (fromPath) return fromPath;
  // A `#Word` link that goes somewhere other than a web page (javascript:, mailto:, data:) is no hashtag.
  if (href && /^\s*[a-z][a-z0-9+.-]*:/i.test(href) && !/^\s*https?:/i.test(href)) return null;
  const text = (link.textContent ?? '').trim();
  if (!/^[#＃]/.test(text) || text.length > MAX_TAG_LENGTH) return null;
  const name = normalizeTagName(text.slice(1));
  return name || null;
}

/**
 * The normalised tag of an href whose pathname is `/tags/NAME`, resolved as `new URL(href, base)` would.
 * Hashtag and mention links (`/tags/x`, `https://host/@user/123`) are read by a pattern; only other
 * hrefs are given to the URL parser, which the profile showed as most of the cost of reading links.
 */
export function tagFromHref(href: string | null): string | null {
  if (!href || href.length > MAX_HREF_LENGTH) return null;
  const plain = PLAIN_HREF.exec(href);
  const pathname = plain && (plain[1] === undefined || isPlainHost(plain[1])) && !/%2e/i.test(plain[2]!) ? plain[2]! : urlPathname(href);
  return pathname === null ? null : tagFromPathname(pathname);
}

function urlPathname(href: string): string | null {
  try {
    return new URL(href, 'https://placeholder.invalid').pathname;
  } catch {
    return null;
  }
}

function tagFromPathname(pathname: string): string | null {
  const match = TAG_PATH.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return normalizeTagName(decodeURIComponent(match[1])) || null;
  } catch {
    return null;
  }
}
