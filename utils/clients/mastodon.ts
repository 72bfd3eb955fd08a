import { hashtagNameOfLink, normalizeTagName } from './hashtag-name';
import { readVisibleText } from './read-text';
import { mastodonSelectors as sel } from './selectors';
import type { ClientAdapter, HashtagLink, PostView } from './types';

const TEXT_PARTS = `${sel.contentWarning}, ${sel.contentText}, ${sel.hashtagBar}`;
const HASHTAG_TIMELINE = /^\/tags\/([^/?#]+)\/?$/;
const PERMALINK_ID = /^\/@[^/]+\/([A-Za-z0-9_-]{1,64})\/?$/;

/** The official Mastodon web UI (4.3–4.5), on any instance. */
export const mastodonAdapter: ClientAdapter = {
  id: 'mastodon',
  postSelector: sel.post,
  hashtagName: hashtagNameOfLink,

  detect(doc) {
    return doc.querySelector(sel.appRoot) !== null || doc.querySelector(sel.initialState) !== null;
  },

  readPost(post) {
    const parts = ownParts(post, TEXT_PARTS);
    // A post behind a collapsed content warning has no body in the DOM yet: it is read once expanded.
    if (!parts.some((part) => !part.matches(sel.contentWarning))) return null;
    const links: HashtagLink[] = [];
    for (const part of parts) {
      if (part.matches(sel.contentWarning)) continue;
      for (const element of part.querySelectorAll('a')) {
        const name = hashtagNameOfLink(element);
        if (name) links.push({ element, name });
      }
    }
    return {
      post,
      container: containerOf(post),
      id: idOf(post),
      text: parts.map((part) => readVisibleText(part)).join('\n'),
      hashtagLinks: links,
      impliedTags: impliedTags(post),
    } satisfies PostView;
  },
};

/** Elements matching `selector` that belong to this post, not to a post quoted inside it. */
function ownParts(post: Element, selector: string): Element[] {
  return [...post.querySelectorAll(selector)].filter(
    (part) => part.closest(sel.post) === post && !part.parentElement?.closest(selector),
  );
}

function containerOf(post: Element): Element {
  const quote = post.closest(sel.quote);
  if (quote) return quote;
  return (
    post.closest(sel.timelineItem) ??
    post.closest(sel.detailWrapper) ??
    post.closest(sel.statusWrapper) ??
    post
  );
}

/**
 * On a hashtag timeline (`/tags/NAME`) every post in the feed carries #NAME, even when Mastodon
 * shows it only behind the hashtag bar's "…and N more" or not at all. Only with a single feed:
 * in the multi-column layout another column may show other posts.
 */
function impliedTags(post: Element): string[] {
  const doc = post.ownerDocument;
  const match = HASHTAG_TIMELINE.exec(doc.defaultView?.location.pathname ?? '');
  if (!match?.[1] || !post.closest(sel.feed) || doc.querySelectorAll(sel.feed).length !== 1) return [];
  try {
    return [normalizeTagName(decodeURIComponent(match[1]))];
  } catch {
    return [];
  }
}

function idOf(post: Element): string | null {
  const id = post.getAttribute('data-id');
  if (id) return id;
  const match = PERMALINK_ID.exec(post.ownerDocument.defaultView?.location.pathname ?? '');
  return match?.[1] ?? null;
}
