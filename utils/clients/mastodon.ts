import { hashtagLinksIn, ownParts, tagFromRoute, viewWithLazyText } from './client-parts';
import { hashtagNameOfLink } from './hashtag-name';
import { mastodonSelectors as sel } from './selectors';
import type { ClientAdapter } from './types';

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
    const parts = ownParts(post, sel.post, TEXT_PARTS);
    const body = parts.filter((part) => !part.matches(sel.contentWarning));
    // A post behind a collapsed content warning has no body in the DOM yet: it is read once expanded.
    if (body.length === 0) return null;
    return viewWithLazyText(
      {
        post,
        container: containerOf(post),
        id: idOf(post),
        hashtagLinks: hashtagLinksIn(body, hashtagNameOfLink),
        impliedTags: impliedTags(post),
      },
      parts,
    );
  },
};

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
  const memo = (taskMemo ??= startTaskMemo(post.ownerDocument));
  if (!memo.tag) return [];
  const feed = post.closest(sel.feed);
  if (!feed) return [];
  let only = memo.onlyFeed.get(feed);
  if (only === undefined) memo.onlyFeed.set(feed, (only = isOnlyFeed(feed)));
  return only ? [memo.tag] : [];
}

/**
 * The page's route tag and which feeds are the only one, kept while one task reads its posts (the first scan
 * and a batch of appended posts read dozens in one flush; the profile showed the location read and the route
 * parsed again for each), and let go of once that task's work is done: the reader may open another route or
 * column before the next.
 */
let taskMemo: { tag: string | null; onlyFeed: Map<Element, boolean> } | undefined;

function startTaskMemo(doc: Document): NonNullable<typeof taskMemo> {
  queueMicrotask(() => (taskMemo = undefined));
  return { tag: tagFromRoute(doc.defaultView?.location.pathname, HASHTAG_TIMELINE), onlyFeed: new Map() };
}

/**
 * Whether the feed is the page's only timeline. Mastodon puts each timeline in a `.column` of the
 * `.columns-area`: counting that area's own children costs a handful of checks. Counting feeds in
 * the whole document instead (the fallback, for pages without that area) walks every element after
 * each change to the page, which the profile showed as the content script's largest cost.
 */
function isOnlyFeed(feed: Element): boolean {
  const area = feed.closest(sel.columnsArea);
  let columns = 0;
  if (area) for (const child of area.children) if (child.classList.contains(sel.columnClass)) columns++;
  return columns === 0 ? feedCount(feed.ownerDocument) === 1 : columns === 1;
}

const timelineLists = new WeakMap<Document, HTMLCollectionOf<Element>>();
function feedCount(doc: Document): number {
  let lists = timelineLists.get(doc);
  if (!lists) timelineLists.set(doc, (lists = doc.getElementsByClassName(sel.feedClass)));
  return lists.length;
}

function idOf(post: Element): string | null {
  const id = post.getAttribute('data-id');
  if (id) return id;
  const match = PERMALINK_ID.exec(post.ownerDocument.defaultView?.location.pathname ?? '');
  return match?.[1] ?? null;
}
