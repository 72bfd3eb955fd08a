import {
  CLASSIFIER_VERSION,
  classifyPost,
  compileKeywordContexts,
  isCategoryId,
  matchKeywordContexts,
  compileWithLearnt,
  correctionWeights,
  DEFAULT_INVENTORY,
  TRAINED_WEIGHTS,
  watchedTagNames,
} from '../classifier';
import type { CompiledKeywordContexts, CompiledModel } from '../classifier';
import type { ContextId, PostLabel } from '../classifier/types';
import { CORRECTION_TEXT_PREVIEW } from '../messages';
import type {
  ClassifiedPost,
  ClassifyResponse,
  CorrectionListResponse,
  CorrectResponse,
  ExportResponse,
  ImportMode,
  ImportResponse,
  PostToClassify,
  Request,
  StorageStatusResponse,
  WatchedTagsResponse,
} from '../messages';
import { applyBackup, gatherBackup } from '../store/backup-store';
import type { Correction, Storage } from '../store';
import { customTagsSetting, sanitizeCustomTags } from '../store/settings';
import { contextsRevision, customContextsSetting, sanitizeCustomContexts } from '../store/custom-contexts';

interface Knowledge {
  model: CompiledModel;
  /** Corrections by post key: the user's word on a post wins over any model. */
  corrections: Map<string, Correction>;
  /** The reader's own contexts, matched by keyword after the model. */
  keywords: CompiledKeywordContexts;
  /** Their ids: a correction to a context the reader removed no longer applies. */
  customIds: ReadonlySet<string>;
  /** Part of every cache key: results computed before a correction, or a change of the reader's contexts, are not served after it. */
  revision: string;
}

/** Answers the content scripts' requests: classify posts (through the cache), record corrections. */
export function createClassificationService(storage: Promise<Storage>) {
  let knowledge: Promise<Knowledge> | null = null;
  // The reader added, changed or removed a context: the next request labels with the new keywords
  // (the open pages ask again: they watch the same setting).
  const stopWatching = watchCustomContexts(() => {
    knowledge = learn();
  });

  async function learn(): Promise<Knowledge> {
    const { corrections } = await storage;
    const [all, stored] = await Promise.all([
      corrections.all().catch(() => []),
      customContextsSetting.getValue().catch(() => []),
    ]);
    const contexts = sanitizeCustomContexts(stored);
    // The model learns from corrections to its own contexts only; a reader context is defined by its keywords.
    const examples = all.flatMap((c) => (isCategoryId(c.category) ? [{ ...c, category: c.category }] : []));
    const model = compileWithLearnt(DEFAULT_INVENTORY, [TRAINED_WEIGHTS, correctionWeights(examples)]);
    const latest = all.reduce((max, correction) => Math.max(max, correction.createdAt), 0);
    const custom = contextsRevision(contexts);
    return {
      model,
      corrections: new Map(all.map((c) => [c.postKey, c])),
      keywords: compileKeywordContexts(contexts),
      customIds: new Set(contexts.map(({ id }) => id)),
      revision: custom ? `${all.length}.${latest}.${custom}` : `${all.length}.${latest}`,
    };
  }

  async function classify(posts: PostToClassify[]): Promise<ClassifyResponse> {
    const { model, corrections, keywords, customIds, revision } = await (knowledge ??= learn());
    const { results: cache } = await storage;
    const keys = posts.map((post) => `${CLASSIFIER_VERSION}|${revision}|${post.key}`);
    const cached = await cache.getMany(keys).catch(() => keys.map(() => undefined));
    const fresh: { key: string; result: PostLabel }[] = [];
    const results = posts.map((post, index): ClassifiedPost => {
      const correction = corrections.get(post.key);
      if (correction && (isCategoryId(correction.category) || customIds.has(correction.category))) {
        return { ...correctedResult(correction.category), key: post.key };
      }
      let result = cached[index];
      if (!result) {
        result =
          matchKeywordContexts(keywords, post.text) ?? classifyPost({ text: post.text, watchedTags: post.watchedTags }, { model });
        fresh.push({ key: keys[index]!, result });
      }
      return { ...result, key: post.key };
    });
    // The page waits for the answer, not for the cache write: storing happens after answering.
    if (fresh.length > 0) {
      void cache.putMany(fresh).catch((error) => console.warn('[Hashtag Context] could not cache results:', error));
    }
    return { results };
  }

  async function correct(post: PostToClassify, category: ContextId): Promise<CorrectResponse> {
    const { customIds } = await (knowledge ??= learn());
    if (!isCategoryId(category) && !customIds.has(category)) return { ok: false };
    const { corrections } = await storage;
    await corrections.put({ postKey: post.key, text: post.text, watchedTags: post.watchedTags, category, createdAt: Date.now() });
    knowledge = learn();
    await knowledge;
    return { ok: true };
  }

  /** The reader's corrections, newest first, for the options page. */
  async function listCorrections(): Promise<CorrectionListResponse> {
    const { corrections } = await storage;
    const all = await corrections.all();
    all.sort((a, b) => b.createdAt - a.createdAt);
    return {
      corrections: all.map(({ postKey, text, watchedTags, category, createdAt }) => ({
        postKey,
        text: text.length > CORRECTION_TEXT_PREVIEW ? `${text.slice(0, CORRECTION_TEXT_PREVIEW - 1)}…` : text,
        watchedTags,
        category,
        createdAt,
      })),
    };
  }

  /** Changes the corrections, then relearns: the model forgets what the removed corrections taught it. */
  async function changeCorrections(change: (store: Storage['corrections']) => Promise<void>): Promise<CorrectResponse> {
    const { corrections } = await storage;
    await change(corrections);
    knowledge = learn();
    await knowledge;
    return { ok: true };
  }

  /** Stores a backup file; on success relearns and drops cached results (the model may have changed). */
  async function importBackup(json: string, mode: ImportMode): Promise<ImportResponse> {
    const opened = await storage;
    const outcome = await applyBackup(opened, json, mode);
    if (outcome.ok) {
      await opened.results.clear().catch((error) => console.warn('[Hashtag Context] could not clear the cache:', error));
      knowledge = learn();
      await knowledge;
    }
    return outcome;
  }

  async function watchedTags(): Promise<WatchedTagsResponse> {
    const custom = sanitizeCustomTags(await customTagsSetting.getValue().catch(() => []));
    return { tags: [...new Set([...watchedTagNames(), ...custom])] };
  }

  return {
    /** Stops following the reader's contexts (tests). */
    dispose: stopWatching,
    handle(
      request: Request,
    ): Promise<
      ClassifyResponse | WatchedTagsResponse | CorrectResponse | CorrectionListResponse | ExportResponse | ImportResponse | StorageStatusResponse
    > {
      switch (request.type) {
        case 'hc:get-watched-tags':
          return watchedTags();
        case 'hc:list-corrections':
          return listCorrections();
        case 'hc:undo-correction':
          return changeCorrections((store) => store.remove(request.postKey));
        case 'hc:clear-corrections':
          return changeCorrections((store) => store.clear());
        case 'hc:clear-cache':
          return storage.then(({ results }) => results.clear()).then(() => ({ ok: true }));
        case 'hc:export':
          return storage.then((opened) => gatherBackup(opened));
        case 'hc:import':
          return importBackup(request.json, request.mode);
        case 'hc:storage-status':
          return storage.then(({ inMemoryOnly }) => ({ inMemoryOnly }));
        case 'hc:classify':
          return classify(request.posts);
        case 'hc:correct':
          return correct(request.post, request.category);
      }
    },
  };
}

function correctedResult(category: ContextId): PostLabel {
  return { category, confidence: 1, reasons: [], abstained: false, corrected: true };
}

/** Calls `changed` when the reader's contexts change; a no-op where storage cannot be watched. */
function watchCustomContexts(changed: () => void): () => void {
  try {
    return customContextsSetting.watch(changed);
  } catch {
    return () => undefined;
  }
}
