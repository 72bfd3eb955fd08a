import { hashtagLinksIn, tagFromRoute, viewWithLazyText } from './client-parts';
import { hashtagNameOfLink } from './hashtag-name';
import { lmstSelectors as sel } from './selectors';
import type { ClientAdapter } from './types';

/** lmst's tag route is `/tags/:tag`; matched at the end of the path, so a deployment under a sub-path works too. */
const TAG_ROUTE = /\/tags\/([^/?#]+)\/?$/;
/** The status page `/status/:server/:webfinger/:id`: the only place lmst shows a post's id. */
const STATUS_ROUTE = /\/status\/[^/]+\/[^/]+\/([A-Za-z0-9_-]{1,64})\/?$/;

/**
 * lmst (cyevgeniy/lmst), a tiny vanilla-TypeScript client. Its posts carry no id; it shows no
 * content warning text; a sensitive post's body is absent until "Show sensitive content" inserts it.
 */
export const lmstAdapter: ClientAdapter = {
  id: 'lmst',
  postSelector: sel.post,
  // lmst rewrites hashtag hrefs to `/tags/<name>`; links it does not recognise keep the origin's `/tags/<name>` URL.
  hashtagName: hashtagNameOfLink,

  detect(doc) {
    return doc.querySelector(sel.appRoot) !== null && doc.querySelector(sel.shellMarker) !== null;
  },

  readPost(post) {
    // Body parts are the post's own children: nested markup never belongs to another lmst post.
    const parts = [...post.children].filter((child) => child.matches(sel.content) || child.matches(sel.revealedSensitive));
    if (parts.length === 0) return null; // a sensitive post, not revealed yet
    return viewWithLazyText(
      {
        post,
        container: post,
        id: idOf(post),
        hashtagLinks: hashtagLinksIn(parts, hashtagNameOfLink),
        impliedTags: impliedTags(post),
      },
      parts,
    );
  },
};

function idOf(post: Element): string | null {
  if (!post.matches(sel.singlePost)) return null;
  return STATUS_ROUTE.exec(post.ownerDocument.defaultView?.location.pathname ?? '')?.[1] ?? null;
}

/** Every post listed on the tag page carries the tag (lmst detaches the pages it is not showing). */
function impliedTags(post: Element): string[] {
  if (!post.closest(sel.timelineList)) return [];
  const tag = tagFromRoute(post.ownerDocument.defaultView?.location.pathname, TAG_ROUTE);
  return tag ? [tag] : [];
}
