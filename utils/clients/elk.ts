import { hashtagLinksIn, hrefPart, ownParts, tagFromRoute, viewWithLazyText } from './client-parts';
import { hashtagNameOfLink } from './hashtag-name';
import { elkSelectors as sel } from './selectors';
import type { ClientAdapter } from './types';

/** Elk's tag route `/[[server]]/tags/[tag]` (server optional), matched at the end of the path. */
const TAG_ROUTE = /(?:^|\/)tags\/([^/?#]+)\/?$/;
const STATUS_ELEMENT_ID = /^status-([A-Za-z0-9_-]{1,64})$/;

/**
 * Elk (elk-zone/elk). Posts are `status-card`s (`status-details` in the detail view) with
 * `id="status-<id>"`; a collapsed content warning leaves the body out of the DOM until expanded;
 * its virtual scroller unmounts posts scrolled away and mounts new nodes when they come back.
 */
export const elkAdapter: ClientAdapter = {
  id: 'elk',
  postSelector: sel.post,
  hashtagName: elkHashtagName,

  detect(doc) {
    return doc.querySelector(sel.appRoot) !== null && doc.querySelector(sel.elkMarker) !== null;
  },

  readPost(post) {
    const body = ownParts(post, sel.post, sel.body);
    if (body.length === 0) return null; // behind a collapsed content warning, or no text at all
    const warnings = ownParts(post, sel.post, sel.contentWarning).filter((part) => !part.closest(sel.statusBody));
    const parts = [...warnings, ...body];
    return viewWithLazyText(
      {
        post,
        container: post,
        id: STATUS_ELEMENT_ID.exec(post.id)?.[1] ?? null,
        hashtagLinks: hashtagLinksIn(body, elkHashtagName),
        impliedTags: impliedTags(post),
      },
      parts,
    );
  },
};

/** Elk points hashtag links at its own route `/<server>/tags/<name>`; others keep the origin's URL. */
function elkHashtagName(link: HTMLAnchorElement): string | null {
  return tagFromRoute(hrefPart(link.getAttribute('href'), 'pathname'), /^\/(?:[^/]+\/)?tags\/([^/]+)\/?$/) ?? hashtagNameOfLink(link);
}

/** Posts of a tag timeline carry its tag; a post nested in another one (a quote) need not. */
function impliedTags(post: Element): string[] {
  if (post.parentElement?.closest(sel.post)) return [];
  const tag = tagFromRoute(post.ownerDocument.defaultView?.location.pathname, TAG_ROUTE);
  return tag ? [tag] : [];
}
