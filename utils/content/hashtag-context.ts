import type { ContentScriptContext } from 'wxt/utils/content-script-context';
import type { Classification } from '../classifier/types';
import { detectClient, normalizeTagName, type PostView } from '../clients';
import { CATEGORY_ATTRIBUTE } from '../dom-contract';
import { hashText } from '../hash';
import type { PostToClassify } from '../messages';
import { sanitizeVisibility, visibilitySetting } from '../store/settings';
import { createBackgroundClient } from './background-client';
import { PostScanner } from './post-scanner';
import { startTooltips } from './tooltip-controller';
import { createVisibilityStyle } from './visibility-style';

const MAX_REMEMBERED_RESULTS = 5_000;

/** Everything the content script does, once it knows which client renders the page. */
export async function startHashtagContext(ctx: ContentScriptContext): Promise<void> {
  const adapter = detectClient(document);
  if (!adapter) return; // Not a client we know: leave the page alone.

  const background = createBackgroundClient(ctx);
  const watched = new Set((await background.watchedTags()).map(normalizeTagName));
  if (watched.size === 0 || ctx.isInvalid) return;

  const results = new Map<string, Classification>();
  /** Post element → cache key of the text it was classified with. */
  const keyOfPost = new WeakMap<Element, string>();

  const remember = (key: string, result: Classification) => {
    results.delete(key);
    results.set(key, result);
    if (results.size > MAX_REMEMBERED_RESULTS) results.delete(results.keys().next().value!);
  };

  const label = (view: PostView, key: string) => {
    const result = results.get(key);
    if (result && view.container.isConnected) view.container.setAttribute(CATEGORY_ATTRIBUTE, result.category);
  };

  const scanner = new PostScanner(ctx, adapter, (views) => {
    const toClassify = new Map<string, PostToClassify>();
    const waiting: [PostView, string][] = [];
    for (const view of views) {
      const tags = watchedTagsOf(view, watched);
      if (tags.length === 0) continue;
      const key = `${view.id ?? 'post'}:${hashText(view.text)}`;
      keyOfPost.set(view.post, key);
      if (results.has(key)) label(view, key);
      else {
        toClassify.set(key, { key, text: view.text, watchedTags: tags });
        waiting.push([view, key]);
      }
    }
    if (toClassify.size === 0) return;
    void background.classify([...toClassify.values()]).then((classified) => {
      for (const { key, ...result } of classified) remember(key, result);
      for (const [view, key] of waiting) label(view, key);
    });
  });

  startTooltips(ctx, (link) => {
    const post = scanner.postOf(link);
    const key = post && keyOfPost.get(post);
    const name = key && adapter.hashtagName(link);
    return name && watched.has(name) ? (results.get(key) ?? null) : null;
  });

  const style = createVisibilityStyle(document);
  style.apply(sanitizeVisibility(await visibilitySetting.getValue()));
  const unwatch = visibilitySetting.watch((value) => style.apply(sanitizeVisibility(value)));
  ctx.onInvalidated(() => {
    unwatch();
    style.remove();
  });

  scanner.start();
}

function watchedTagsOf(view: PostView, watched: ReadonlySet<string>): string[] {
  const tags = [...view.hashtagLinks.map((link) => link.name), ...view.impliedTags];
  return [...new Set(tags.filter((name) => watched.has(name)))];
}
