import type { ContentScriptContext } from 'wxt/utils/content-script-context';
// The excerpt function alone, never '../classifier' (its index would bring the model into the content script).
import { classifiedExcerpt } from '../classifier/excerpt';
import { CATEGORY_IDS, type ContextId, type PostLabel } from '../classifier/types';
import { detectClient, normalizeTagName, type PostView } from '../clients';
import { CATEGORY_ATTRIBUTE } from '../dom-contract';
import { hashText } from '../hash';
import { LIMITS, type PostToClassify } from '../messages';
import {
  chipModeSetting,
  contextDisplaySetting,
  sanitizeChipMode,
  sanitizeContextDisplay,
  sanitizeTagVisibility,
  sanitizeVisibility,
  sanitizeToolbarCount,
  tagVisibilitySetting,
  toolbarCountSetting,
  visibilitySetting,
  withCustomContexts,
  type ContextDisplayByCategory,
} from '../store/settings';
import { contextsRevision, customContextsSetting, sanitizeCustomContexts, type CustomContext } from '../store/custom-contexts';
import { createBackgroundClient } from './background-client';
import { ChipLayer } from './chip-layer';
import { answerPageStats, createPageStats } from './page-stats';
import { PostScanner } from './post-scanner';
import { createToolbarCount } from './toolbar-count';
import { startTooltips } from './tooltip-controller';
import { createPostVisibility, type VisibilitySettings } from './visibility-style';

const MAX_REMEMBERED_RESULTS = 5_000;
const MAX_ID_LENGTH = 64;

/** Everything the content script does, once it knows which client renders the page. */
export async function startHashtagContext(ctx: ContentScriptContext): Promise<void> {
  const adapter = detectClient(document);
  if (!adapter) return; // Not a client we know: leave the page alone.

  const background = createBackgroundClient(ctx);
  const watched = new Set((await background.watchedTags()).map(normalizeTagName));
  if (watched.size === 0 || ctx.isInvalid) return;

  const results = new Map<string, PostLabel>();
  /** Bumped whenever `results` is cleared: answers to requests made before are dropped. */
  let generation = 0;
  /** The reader's contexts, and every context's name and colour (the reader's where set): for chips and tooltip. */
  let customContexts: CustomContext[] = [];
  let builtInDisplay: ContextDisplayByCategory = {};
  let display: ContextDisplayByCategory = {};
  const visibility = createPostVisibility(document);
  /** What the popup's chart shows: the posts labelled on this page, by context. */
  const stats = createPageStats();
  answerPageStats(ctx, stats);
  /** The toolbar icon's count of the posts labelled on the page (single-page clients change the page without a reload). */
  const toolbarCount = createToolbarCount({ count: () => stats.labelledHere(), send: background.showCount });
  ctx.onInvalidated(() => toolbarCount.stop());
  ctx.addEventListener(window, 'wxt:locationchange', () => toolbarCount.changed());
  // The browser resets a tab's icon when it leaves the page; a page restored from the back/forward cache keeps its script.
  ctx.addEventListener(window, 'pageshow', (event) => event.persisted && toolbarCount.resend());
  /** Post element → what it was classified as, and the element that carries its label. */
  const records = new WeakMap<Element, PostRecord>();

  const remember = (key: string, result: PostLabel) => {
    results.delete(key);
    results.set(key, result);
    if (results.size > MAX_REMEMBERED_RESULTS) results.delete(results.keys().next().value!);
  };

  const chips = new ChipLayer({ linksOf: (post) => adapter.readPost(post)?.hashtagLinks ?? [] });
  ctx.onInvalidated(() => chips.destroy());

  // Detached containers are labelled too: clients that cache pages (lmst) put the same nodes back.
  const label = ({ request, container, post, links }: PostRecord) => {
    const result = results.get(request.key);
    if (!result) return;
    // A post the page rebuilt in the same container (Mastodon's off-screen swap) has its label already:
    // writing it again would still cost the page an attribute change.
    if (container.getAttribute(CATEGORY_ATTRIBUTE) !== result.category) container.setAttribute(CATEGORY_ATTRIBUTE, result.category);
    visibility.mark(container, result.category, request.watchedTags);
    stats.record(request.key, result.category);
    toolbarCount.changed();
    if (post.isConnected) chips.show({ post, container, links: links.filter((link) => watched.has(link.name)), result });
  };

  const scanner = new PostScanner(ctx, adapter, (views) => {
    const toClassify = new Map<string, PostToClassify>();
    const waiting: PostRecord[] = [];
    for (const view of views) {
      const tags = watchedTagsOf(view, watched).slice(0, LIMITS.tagsPerPost);
      if (tags.length === 0) continue;
      const key = postKey(view);
      // The classifier reads a long text's opening and ending only (the ending holds the hashtag bar): batches carry
      // just those (the port copies every character it is given). The key stays the whole text's.
      const excerpt = classifiedExcerpt(view.text);
      // What a correction stores: the whole text, or the excerpt of one longer than the background accepts.
      const text = view.text.length > LIMITS.textLength ? excerpt : view.text;
      const record: PostRecord = {
        request: { key, text, watchedTags: tags },
        container: view.container,
        post: view.post,
        links: view.hashtagLinks,
      };
      records.set(view.post, record);
      if (results.has(key)) label(record);
      else {
        toClassify.set(key, { ...record.request, text: excerpt });
        waiting.push(record);
      }
    }
    if (toClassify.size === 0) return;
    const asked = generation;
    void background.classify([...toClassify.values()]).then((classified) => {
      // Answered by the knowledge before a correction or a change of the reader's contexts: the rescan asks again.
      if (asked !== generation) return;
      for (const { key, ...result } of classified) remember(key, result);
      waiting.forEach(label);
    });
  }, (view) => {
    stats.seen(view.id, view.post);
    return carriesWatchedTag(view, watched);
  });

  const recordOf = (link: HTMLAnchorElement): PostRecord | null => {
    const post = scanner.postOf(link);
    const record = post && records.get(post);
    const name = record && adapter.hashtagName(link);
    return name && watched.has(name) ? record : null;
  };

  startTooltips(ctx, {
    isWatchedLink: (link) => {
      const name = scanner.postOf(link) ? adapter.hashtagName(link) : null;
      return name !== null && watched.has(name);
    },
    resultFor: (link) => {
      const record = recordOf(link);
      return record ? (results.get(record.request.key) ?? null) : null;
    },
    display: () => display,
    contexts: (): ContextId[] => [...CATEGORY_IDS, ...customContexts.map(({ id }) => id)],
    async correct(link, category: ContextId) {
      const record = recordOf(link);
      if (!record || !(await background.correct(record.request, category))) return null;
      // The model learnt from the correction: every other post on the page is asked about again.
      results.clear();
      generation++;
      remember(record.request.key, { category, confidence: 1, reasons: [], abstained: false, corrected: true });
      label(record);
      scanner.rescan();
      return results.get(record.request.key) ?? null;
    },
    chipAt: (path) => chips.chipAt(path),
    focusedChip: () => chips.focusedChip(),
  });

  // After an extension update this context is dead and storage throws: stop quietly.
  const [all, byTag] = await Promise.all([
    visibilitySetting.getValue().catch(() => null),
    tagVisibilitySetting.getValue().catch(() => null),
  ]);
  if (ctx.isInvalid) return;
  const settings: VisibilitySettings = { all: sanitizeVisibility(all), byTag: sanitizeTagVisibility(byTag) };
  const changeVisibility = (change: Partial<VisibilitySettings>) => visibility.apply(Object.assign(settings, change));
  changeVisibility({});
  // Every setting the page follows is applied on each change (until the extension is updated or removed), and read
  // again when the page comes back from the back/forward cache: a cached page hears of no change (Firefox does not
  // deliver them afterwards either).
  const followed: FollowedSetting[] = [];
  const follow = (settings: FollowedSetting[]) => {
    followed.push(...settings);
    const unwatch = settings.map(([setting, apply]) => setting.watch(apply));
    ctx.onInvalidated(() => unwatch.forEach((stop) => stop()));
  };
  ctx.addEventListener(window, 'pageshow', async (event) => {
    if (!event.persisted) return;
    const values = await Promise.all(followed.map(([setting]) => setting.getValue().catch(() => undefined)));
    if (ctx.isInvalid) return;
    followed.forEach(([, apply], index) => values[index] !== undefined && apply(values[index]));
  });
  follow([
    [visibilitySetting, (value) => changeVisibility({ all: sanitizeVisibility(value) })],
    [tagVisibilitySetting, (value) => changeVisibility({ byTag: sanitizeTagVisibility(value) })],
  ]);
  ctx.onInvalidated(() => visibility.remove());

  // Chips and tooltip: where to show chips, every context's name and colour; changes on the options page apply at once.
  const [chipMode, storedDisplay, storedContexts, countShown] = await Promise.all([
    chipModeSetting.getValue().catch(() => null),
    contextDisplaySetting.getValue().catch(() => null),
    customContextsSetting.getValue().catch(() => null),
    toolbarCountSetting.getValue().catch(() => null),
  ]);
  if (ctx.isInvalid) return;
  // Now: the icon says the extension is active on the page, before any post is labelled.
  toolbarCount.setShown(sanitizeToolbarCount(countShown));
  const showDisplay = () => {
    display = withCustomContexts(builtInDisplay, customContexts);
    chips.setDisplay(display);
  };
  builtInDisplay = sanitizeContextDisplay(storedDisplay);
  customContexts = sanitizeCustomContexts(storedContexts);
  chips.setMode(sanitizeChipMode(chipMode));
  showDisplay();
  follow([
    [chipModeSetting, (value) => chips.setMode(sanitizeChipMode(value))],
    [toolbarCountSetting, (value) => toolbarCount.setShown(sanitizeToolbarCount(value))],
    [
      contextDisplaySetting,
      (value) => {
        builtInDisplay = sanitizeContextDisplay(value);
        showDisplay();
      },
    ],
    // The reader added, changed or removed a context: names and colours at once; when keywords or
    // contexts changed, every post on the page is asked about again (as after a correction).
    [
      customContextsSetting,
      (value) => {
        const next = sanitizeCustomContexts(value);
        const relabel = contextsRevision(next) !== contextsRevision(customContexts);
        customContexts = next;
        showDisplay();
        if (relabel) {
          results.clear();
          generation++;
          scanner.rescan();
        }
      },
    ],
  ]);

  scanner.start();
}

/** A setting the content script follows, and what applies its value to the page. */
type FollowedSetting = [{ getValue(): Promise<unknown>; watch(apply: (value: unknown) => void): () => void }, (value: unknown) => void];

interface PostRecord {
  request: PostToClassify;
  container: Element;
  post: Element;
  links: PostView['hashtagLinks'];
}

/** The post's id (hashed when a page gives an absurd one) and a hash of its text: ids stay within the protocol's limits. */
function postKey(view: PostView): string {
  const id = view.id === null ? 'post' : view.id.length <= MAX_ID_LENGTH ? view.id : `#${hashText(view.id)}`;
  return `${id}:${hashText(view.text)}`;
}

/** Whether a post carries a watched tag, by link or by where it is shown: only those are read and labelled. */
function carriesWatchedTag(view: PostView, watched: ReadonlySet<string>): boolean {
  return view.hashtagLinks.some((link) => watched.has(link.name)) || view.impliedTags.some((tag) => watched.has(tag));
}

function watchedTagsOf(view: PostView, watched: ReadonlySet<string>): string[] {
  const tags = [...view.hashtagLinks.map((link) => link.name), ...view.impliedTags];
  return [...new Set(tags.filter((name) => watched.has(name)))];
}
