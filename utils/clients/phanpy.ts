import { hashtagLinksIn, hrefPart, ownParts, tagFromRoute, viewWithLazyText } from './client-parts';
import { hashtagNameOfLink } from './hashtag-name';
import { phanpySelectors as sel } from './selectors';
import type { ClientAdapter } from './types';

const PARTS = `${sel.contentWarning}, ${sel.content}, ${sel.tagList}`;
/** Phanpy's hash route `#/:instance?/t/:hashtag`; `a+b` is a timeline of several tags, which implies none. */
const TAG_ROUTE = /^#\/(?:[^/?#]+\/)?t\/([^/?#+\s]+)\/?(?:\?.*)?$/;
/** Phanpy's own links to a tag timeline (the tag list under a post). */
const TAG_LINK_ROUTE = /^#\/(?:[^/?#]+\/)?t\/([^/?#+\s]+)\/?$/;

/**
 * Phanpy (cheeaun/phanpy). Posts are `article.status[data-state-post-id="<instance>/<id>"]`.
 * A content warning's body stays in the DOM, only `inert` while closed: it is read at once.
 * Hashtag links in the text keep the origin server's URL; the tag list links to `#/<instance>/t/<tag>`.
 */
export const phanpyAdapter: ClientAdapter = {
  id: 'phanpy',
  postSelector: sel.post,
  hashtagName: phanpyHashtagName,

  detect(doc) {
    return doc.querySelector(sel.appRoot) !== null && doc.querySelector(sel.phanpyMarker) !== null;
  },

  readPost(post) {
    const parts = ownParts(post, sel.post, PARTS);
    if (!parts.some((part) => part.matches(sel.content))) return null; // a ghost or a post without text
    return viewWithLazyText(
      {
        post,
        container: containerOf(post),
        id: idOf(post),
        hashtagLinks: hashtagLinksIn(
          parts.filter((part) => !part.matches(sel.contentWarning)),
          phanpyHashtagName,
        ),
        impliedTags: impliedTags(post),
      },
      parts,
    );
  },
};

function phanpyHashtagName(link: HTMLAnchorElement): string | null {
  return tagFromRoute(hrefPart(link.getAttribute('href'), 'hash'), TAG_LINK_ROUTE) ?? hashtagNameOfLink(link);
}

/** `data-state-post-id` is `<instance>/<id>` (or a bare id): the id is its last segment. */
function idOf(post: Element): string | null {
  const key = post.getAttribute('data-state-post-id') ?? '';
  const id = key.slice(key.lastIndexOf('/') + 1);
  return /^[A-Za-z0-9_-]{1,64}$/.test(id) ? id : null;
}

function isNested(post: Element): boolean {
  return post.parentElement?.closest(sel.post) != null;
}

function containerOf(post: Element): Element {
  if (isNested(post)) return post.closest(sel.quoteLink) ?? post;
  return post.closest(sel.timelineItem) ?? post;
}

/**
 * Posts of the hashtag page's timeline carry its tag. Phanpy keeps the home timeline mounted
 * under other pages, so only posts inside `#hashtag-page` count, and never a quoted post.
 */
function impliedTags(post: Element): string[] {
  if (isNested(post) || !post.closest(sel.hashtagPage)) return [];
  const tag = tagFromRoute(post.ownerDocument.defaultView?.location.hash, TAG_ROUTE);
  return tag ? [tag] : [];
}
