import { normalizeTagName } from './hashtag-name';
import { readVisibleText } from './read-text';
import type { HashtagLink } from './types';

const MAX_ROUTE_LENGTH = 2_000;

/**
 * Elements matching `partSelector` that belong to `post` itself: not to a post nested in it
 * (a quote, a boost with a comment), and not inside another matching part.
 */
export function ownParts(post: Element, postSelector: string, partSelector: string): Element[] {
  return [...post.querySelectorAll(partSelector)].filter(
    (part) => part.closest(postSelector) === post && !part.parentElement?.closest(partSelector),
  );
}

/** The text of the parts, one after the other, as a reader sees them. */
export function textOf(parts: readonly Element[]): string {
  return parts.map((part) => readVisibleText(part)).join('\n');
}

/** The hashtag links inside the parts, named by the client's own `hashtagName`. */
export function hashtagLinksIn(
  parts: readonly Element[],
  hashtagName: (link: HTMLAnchorElement) => string | null,
): HashtagLink[] {
  const links: HashtagLink[] = [];
  for (const part of parts) {
    for (const element of part.querySelectorAll('a')) {
      const name = hashtagName(element);
      if (name) links.push({ element, name });
    }
  }
  return links;
}

/** The normalised tag captured by `route` (group 1) in `path`, or null. */
export function tagFromRoute(path: string | null | undefined, route: RegExp): string | null {
  if (!path || path.length > MAX_ROUTE_LENGTH) return null;
  const raw = route.exec(path)?.[1];
  if (!raw) return null;
  try {
    return normalizeTagName(decodeURIComponent(raw)) || null;
  } catch {
    return null;
  }
}

/** The pathname (or, with `part: 'hash'`, the fragment) of an href, resolved against a placeholder origin. */
export function hrefPart(href: string | null, part: 'pathname' | 'hash'): string | null {
  if (!href || href.length > MAX_ROUTE_LENGTH) return null;
  try {
    return new URL(href, 'https://placeholder.invalid/')[part];
  } catch {
    return null;
  }
}
