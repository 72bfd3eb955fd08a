import { browser } from 'wxt/browser';
import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import { CATEGORY_IDS, isContextId, type CategoryId, type ContextId } from '../classifier/types';

/** Asked by the popup (`browser.tabs.sendMessage`) of the active tab's content script. */
export const PAGE_STATS_REQUEST = 'hc:page-stats';

export interface PageStatsResponse {
  /** Always true: a tab that answers at all has the extension active on it. */
  active: true;
  /** Posts on the current page per context: every built-in one, and the reader's contexts posts were labelled with. */
  counts: Record<CategoryId, number> & Partial<Record<ContextId, number>>;
  /**
   * Posts the client adapter recognised on the current page, with a watched hashtag or not. None on a page
   * that shows posts means the adapter no longer knows the client's markup (after a client update, say):
   * the popup says so instead of "no posts with watched hashtags". Absent from a content script older than
   * this field (the tab was not reloaded after an update).
   */
  postsSeen?: number;
}

const MAX_REMEMBERED_POSTS = 5_000;

/**
 * Counts the posts the content script labelled on the page the reader is on. Single-page clients
 * change the page without a reload, so each post is counted for the path it was last labelled on.
 */
export function createPageStats(currentPath: () => string = () => location.pathname) {
  const byKey = new Map<string, { category: ContextId; path: string }>();
  /** Post id (`element N` for a post without one) → the path it was last seen on. */
  const seenOn = new Map<string, string>();
  const withoutId = new WeakMap<object, string>();
  let postsWithoutId = 0;
  const remember = <T>(map: Map<string, T>, key: string, value: T) => {
    map.delete(key);
    map.set(key, value);
    if (map.size > MAX_REMEMBERED_POSTS) map.delete(map.keys().next().value!);
  };
  return {
    record(key: string, category: ContextId) {
      remember(byKey, key, { category, path: currentPath() });
    },
    /** A post the adapter recognised, labelled or not: by its id, or as the element it is when it has none. */
    seen(postId: string | null, post: object) {
      let key = postId ?? withoutId.get(post);
      if (key === undefined) withoutId.set(post, (key = `element ${++postsWithoutId}`));
      remember(seenOn, key, currentPath());
    },
    /** Posts labelled on the current page, all contexts together (the toolbar icon's count). */
    labelledHere(): number {
      const path = currentPath();
      let labelled = 0;
      for (const entry of byKey.values()) if (entry.path === path) labelled++;
      return labelled;
    },
    snapshot(): PageStatsResponse {
      const counts: PageStatsResponse['counts'] = Object.fromEntries(CATEGORY_IDS.map((category) => [category, 0])) as Record<CategoryId, number>;
      const path = currentPath();
      for (const entry of byKey.values()) if (entry.path === path) counts[entry.category] = (counts[entry.category] ?? 0) + 1;
      let postsSeen = 0;
      for (const seenPath of seenOn.values()) if (seenPath === path) postsSeen++;
      return { active: true, counts, postsSeen };
    },
  };
}

export type PageStats = ReturnType<typeof createPageStats>;

/** Answers the popup's question "what is on this page?"; only this extension's pages may ask. */
export function answerPageStats(ctx: ContentScriptContext, stats: PageStats): void {
  const listener = (message: unknown, sender: { id?: string }) => {
    if (sender.id !== browser.runtime.id) return undefined;
    if (typeof message !== 'object' || message === null || (message as { type?: unknown }).type !== PAGE_STATS_REQUEST) {
      return undefined;
    }
    return Promise.resolve(stats.snapshot());
  };
  browser.runtime.onMessage.addListener(listener);
  ctx.onInvalidated(() => browser.runtime.onMessage.removeListener(listener));
}

/** The popup's check of an answer: anything malformed counts as no answer. */
export function parsePageStats(value: unknown): PageStatsResponse | null {
  if (typeof value !== 'object' || value === null || (value as { active?: unknown }).active !== true) return null;
  const raw = (value as { counts?: unknown }).counts;
  if (typeof raw !== 'object' || raw === null) return null;
  const isCount = (count: unknown): count is number => typeof count === 'number' && Number.isInteger(count) && count >= 0;
  const counts = {} as PageStatsResponse['counts'];
  for (const category of CATEGORY_IDS) {
    const count = (raw as Record<string, unknown>)[category];
    counts[category] = isCount(count) ? count : 0;
  }
  // The reader's contexts: a few at most; anything else in the answer is ignored.
  for (const [key, count] of Object.entries(raw).slice(0, 64)) {
    if (!isCategoryIdKey(key) && isContextId(key) && isCount(count)) counts[key] = count;
  }
  const postsSeen = (value as { postsSeen?: unknown }).postsSeen;
  return isCount(postsSeen) ? { active: true, counts, postsSeen } : { active: true, counts };
}

const isCategoryIdKey = (key: string) => (CATEGORY_IDS as readonly string[]).includes(key);
