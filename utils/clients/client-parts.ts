import { normalizeTagName } from './hashtag-name';
import { readVisibleText } from './read-text';
import type { HashtagLink, PostView } from './types';

const MAX_ROUTE_LENGTH = 2_000;

/**
 * Elements matching `partSelector` that belong to `post` itself: not to a post nested in it
 * (a quote, a boost with a comment), and not inside another matching part.
 */
export function ownParts(post: Element, postSelector: string, partSelector: string): Element[] {
  const found = post.querySelectorAll(partSelector);
  // A post inside a part (or itself one): every part found is inside another part. One walk up per post.
  if (found.length === 0 || !post.matches(postSelector) || post.closest(partSelector)) return [];
  // Each part is checked only between it and the post, where a nested post or an enclosing part would be:
  // before, two `closest` per part, one of them walking to the document's root.
  const nestedOrEnclosing = `${postSelector}, ${partSelector}`;
  const parts: Element[] = [];
  for (const part of found) {
    if (part.matches(postSelector)) continue;
    let element = part.parentElement;
    while (element && element !== post && !element.matches(nestedOrEnclosing)) element = element.parentElement;
    if (element === post) parts.push(part);
  }
  return parts;
}

/** The text of the parts, one after the other, as a reader sees them. */
export function textOf(parts: readonly Element[]): string {
  return parts.map((part) => readVisibleText(part)).join('\n');
}

/**
 * A post's view whose text is read from its parts on first use: the scanner asks only for the text of
 * posts that carry a watched tag, so the others are never read.
 */
export function viewWithLazyText(view: Omit<PostView, 'text'>, parts: readonly Element[]): PostView {
  let text: string | undefined;
  return {
    ...view,
    get text() {
      return (text ??= textOf(parts));
    },
  };
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
