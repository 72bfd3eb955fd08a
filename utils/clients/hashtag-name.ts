const TAG_PATH = /^\/tags\/([^/?#]+)\/?$/i;
const MAX_TAG_LENGTH = 100;

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

function tagFromHref(href: string | null): string | null {
  if (!href || href.length > 2_000) return null;
  let pathname: string;
  try {
    pathname = new URL(href, 'https://placeholder.invalid').pathname;
  } catch {
    return null;
  }
  const match = TAG_PATH.exec(pathname);
  if (!match?.[1]) return null;
  try {
    return normalizeTagName(decodeURIComponent(match[1])) || null;
  } catch {
    return null;
  }
}
