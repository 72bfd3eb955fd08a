/**
 * The post classifier: a linear model over lexicon features plus the log prior of the post's watched
 * hashtags, softmax into probabilities, abstention to `other` below a threshold.
 * Pure: no DOM, no browser or Node APIs; runs in the extension background and in Node.
 */
import inventoryJson from './sense-inventory.json';
import trainedJson from './trained-weights.json';
import weakReasonsJson from './weak-reasons.json';
import * as types from './types';
import type { CategoryId, Classification, ClassifyOptions, PostInput, Reason, SenseInventory, WeightTable } from './types';
import * as compiled from './model';
import type { CompiledModel } from './model';
import * as features from './features';
import { compileWithLearnt } from './learned-model';
import * as normalize from './normalize';

// Module-local copies of imported bindings: test runners (Vite SSR) turn imports into getter calls.
const CATEGORY_IDS = types.CATEGORY_IDS;
const N_CATEGORIES = compiled.N_CATEGORIES;
const compileModel = compiled.compileModel;
const combinePriors = compiled.combinePriors;
const scanFeatures = features.scanFeatures;
const hitLabel = features.hitLabel;
const normalizeTagKey = normalize.normalizeTagKey;
const prepareText = normalize.prepareText;

/** The bundled sense inventory. */
export const DEFAULT_INVENTORY: SenseInventory = inventoryJson as SenseInventory;

/** Version of the scoring code; bump when features or scoring change. */
const SCORER_VERSION = '1.4.0'; // 1.1: trained tables may scale the watched hashtags' log prior (priorScale); 1.2: long texts read as head + tail; 1.3: trained tables may set a temperature; 1.4: function words come last among the reasons

/** Logistic-regression weights trained on the corpus (`npm run train`): changes to the inventory's lexicon weights, new words, a bias and a prior scale. */
export const TRAINED_WEIGHTS: WeightTable = trainedJson.table as WeightTable;

/** Identifies model, inventory and trained weights; stored with cached results so they are recomputed after an update. */
export const CLASSIFIER_VERSION = `${SCORER_VERSION}+inventory.${DEFAULT_INVENTORY.version}+${trainedJson.version}`;

/**
 * Default minimum probability of the best category. Measured on the dev set
 * (`npm run eval -- test/fixtures/seed-posts.jsonl`): accuracy is at its maximum for thresholds from
 * 0.35 to 0.80 (0.45–0.55 on the hand-written set); it must stay above the largest prior of an
 * ambiguous tag (#Protokoll: 0.35) so that a post with no evidence abstains.
 */
export const DEFAULT_THRESHOLD = 0.5;

/** At most this many reasons are returned. */
const MAX_REASONS = 3;

export interface ClassifyPostOptions extends ClassifyOptions {
  /** A precompiled model (e.g. inventory merged with trained weights or user corrections). */
  model?: CompiledModel;
}

const modelCache = new WeakMap<SenseInventory, CompiledModel>();

/**
 * The compiled model of an inventory (compiled once, cached per inventory object). The bundled
 * inventory comes with its trained weights; another inventory (a test's, a user's) stands alone.
 */
export function getModel(inventory: SenseInventory = DEFAULT_INVENTORY): CompiledModel {
  let model = modelCache.get(inventory);
  if (!model) {
    model = compileWithLearnt(inventory, inventory === DEFAULT_INVENTORY ? [TRAINED_WEIGHTS] : []);
    modelCache.set(inventory, model);
  }
  return model;
}

interface ModelScratch {
  ignore: Uint8Array;
  prior: Float64Array;
  /** Watched-tag index (or -1) by the tag string a caller passed; bounded. */
  tagIndex: Map<string, number>;
}
const TAG_CACHE_LIMIT = 4096;
const scratchByModel = new WeakMap<CompiledModel, ModelScratch>();
const scores = new Float64Array(N_CATEGORIES);
const logPrior = new Float64Array(N_CATEGORIES);
const topWeight = new Float64Array(MAX_REASONS + 2);
const topHit = new Int32Array(MAX_REASONS + 2);

function scratchFor(model: CompiledModel): ModelScratch {
  let scratch = scratchByModel.get(model);
  if (!scratch) {
    scratch = { ignore: new Uint8Array(model.watchedNames.length), prior: new Float64Array(N_CATEGORIES), tagIndex: new Map() };
    scratchByModel.set(model, scratch);
  }
  return scratch;
}

/** Classify one post. Deterministic; never throws on any string input. */
export function classifyPost(post: PostInput, options?: ClassifyPostOptions): Classification {
  const model = options?.model ?? getModel(options?.inventory ?? DEFAULT_INVENTORY);
  let threshold = options?.threshold ?? DEFAULT_THRESHOLD;
  if (!Number.isFinite(threshold)) threshold = DEFAULT_THRESHOLD;

  const scratch = scratchFor(model);
  const ignore = scratch.ignore;
  ignore.fill(0);
  const text = prepareText(typeof post?.text === 'string' ? post.text : '');

  // The post's watched tags select the prior (a mixture when there are several).
  const tags = Array.isArray(post?.watchedTags) ? post.watchedTags : [];
  let known = 0;
  let firstTag = -1;
  let firstTagName = '';
  for (const tag of tags) {
    if (typeof tag !== 'string') continue;
    let index = scratch.tagIndex.get(tag);
    if (index === undefined) {
      index = model.watchedKey.get(normalizeTagKey(tag)) ?? -1;
      if (scratch.tagIndex.size >= TAG_CACHE_LIMIT) scratch.tagIndex.clear();
      scratch.tagIndex.set(tag, index);
    }
    if (index < 0 || ignore[index] === 1) continue;
    ignore[index] = 1;
    known++;
    if (firstTag < 0) {
      firstTag = index;
      firstTagName = tag.replace(/^[#＃]+/, '');
    }
  }
  // Without watched tags from the caller, the watched hashtags written in the text are used.
  if (known === 0) ignore.fill(1);
  const hits = scanFeatures(text, model, ignore);
  if (known === 0) {
    ignore.fill(0);
    for (let w = 0; w < hits.watchedCount; w++) {
      const index = hits.watched[w]!;
      if (ignore[index] === 1) continue;
      ignore[index] = 1;
      known++;
      if (firstTag < 0) firstTag = index;
    }
  }

  combinePriors(model, ignore, known, logPrior);

  const weights = model.weights;
  const priorScale = model.priorScale;
  if (priorScale !== 1) for (let k = 0; k < N_CATEGORIES; k++) logPrior[k] = priorScale * logPrior[k]!;
  for (let k = 0; k < N_CATEGORIES; k++) scores[k] = model.bias[k]! + logPrior[k]!;
  for (let h = 0; h < hits.count; h++) {
    const row = hits.feature[h]! * N_CATEGORIES;
    for (let k = 0; k < N_CATEGORIES; k++) scores[k] = scores[k]! + weights[row + k]!;
  }

  // softmax of the scores over the model's temperature
  let best = 0;
  for (let k = 1; k < N_CATEGORIES; k++) if (scores[k]! > scores[best]!) best = k;
  const max = scores[best]!;
  const inverseTemperature = 1 / model.temperature;
  let sum = 0;
  for (let k = 0; k < N_CATEGORIES; k++) sum += Math.exp((scores[k]! - max) * inverseTemperature);
  const pBest = 1 / sum;

  if (!(pBest >= threshold)) {
    return { category: 'other', confidence: clamp01(1 - pBest), reasons: [], abstained: true };
  }
  const category = CATEGORY_IDS[best]!;

  // Reasons: the strongest features for the chosen category (the prior competes as a pseudo-feature).
  // Words that say nothing to a reader (`weak-reasons.json`) rank after all others, by their own weight.
  const weak = weakFeatures(model);
  let n = 0;
  for (let h = 0; h < hits.count; h++) {
    const f = hits.feature[h]!;
    const w = weights[f * N_CATEGORIES + best]!;
    if (w > 0) n = insertTop(n, weak[f] === 1 ? w - WEAK_RANK_OFFSET : w, h);
  }
  const priorWeight = logPrior[best]! + Math.log(N_CATEGORIES); // log(p / uniform)
  if (priorWeight > 0 && firstTag >= 0) n = insertTop(n, priorWeight, -1);

  const reasons: Reason[] = [];
  outer: for (let r = 0; r < n && reasons.length < MAX_REASONS; r++) {
    const h = topHit[r]!;
    let reason: Reason;
    if (h < 0) {
      reason = { kind: 'tag', label: watchedLabel(hits, firstTag, firstTagName, model), weight: round3(topWeight[r]!) };
    } else {
      const f = hits.feature[h]!;
      const weight = weak[f] === 1 ? topWeight[r]! + WEAK_RANK_OFFSET : topWeight[r]!;
      reason = { kind: model.featureKind[f]!, label: hitLabel(hits, h), weight: round3(weight) };
    }
    for (const previous of reasons) {
      if (previous.label.toLowerCase() === reason.label.toLowerCase()) continue outer;
    }
    reasons.push(reason);
  }
  return { category, confidence: clamp01(pBest), reasons, abstained: false };
}

const WEAK_REASON_KEYS: ReadonlySet<string> = new Set(weakReasonsJson.words.map((word) => `word:${word}`));
/** Subtracted from a weak word's weight for ranking only: every other reason comes first (weights are far below it). */
const WEAK_RANK_OFFSET = 1e6;
const weakByModel = new WeakMap<CompiledModel, Uint8Array>();

/** 1 for each feature of the model that is a weak reason (`weak-reasons.json`), worked out once per compiled model. */
function weakFeatures(model: CompiledModel): Uint8Array {
  let weak = weakByModel.get(model);
  if (!weak) {
    weak = new Uint8Array(model.featureCount);
    for (let f = 0; f < model.featureCount; f++) if (WEAK_REASON_KEYS.has(model.featureKey[f]!)) weak[f] = 1;
    weakByModel.set(model, weak);
  }
  return weak;
}

/** Keep the strongest MAX_REASONS + 2 candidates (extra room for duplicate labels). */
function insertTop(n: number, w: number, h: number): number {
  const cap = topWeight.length;
  if (n === cap && w <= topWeight[cap - 1]!) return n;
  let pos = n < cap ? n : cap - 1;
  while (pos > 0 && topWeight[pos - 1]! < w) {
    topWeight[pos] = topWeight[pos - 1]!;
    topHit[pos] = topHit[pos - 1]!;
    pos--;
  }
  topWeight[pos] = w;
  topHit[pos] = h;
  return n < cap ? n + 1 : n;
}

function watchedLabel(
  hits: ReturnType<typeof scanFeatures>,
  index: number,
  given: string,
  model: CompiledModel,
): string {
  for (let w = 0; w < hits.watchedCount; w++) {
    if (hits.watched[w] === index) return hits.text.slice(hits.watchedStart[w]!, hits.watchedEnd[w]!);
  }
  return `#${given || model.watchedNames[index] || ''}`;
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}
function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}

/** True when `name` (with or without `#`, any case, any Unicode compatibility form) is a watched hashtag. */
export function isWatchedTag(name: string, inventory: SenseInventory = DEFAULT_INVENTORY): boolean {
  if (typeof name !== 'string') return false;
  return getModel(inventory).watchedKey.has(normalizeTagKey(name));
}

const namesCache = new WeakMap<SenseInventory, string[]>();

/**
 * The watched hashtags as lowercase NFKC spellings without `#`, for membership tests on hashtag names:
 * first the canonical names in inventory order (`protokoll`, `protocol`, …, `verschlüsselung`, …), then
 * their aliases and umlaut-folded spellings (`protokolle`, `verschluesselung`, …).
 * {@link isWatchedTag} accepts every spelling these stand for.
 */
export function watchedTagNames(inventory: SenseInventory = DEFAULT_INVENTORY): string[] {
  let names = namesCache.get(inventory);
  if (!names) {
    const lower = (name: string) => name.normalize('NFKC').replace(/^[#＃]+/, '').toLowerCase();
    const entries = Object.entries(inventory.hashtags ?? {});
    const all = [
      ...entries.map(([name]) => lower(name)),
      ...entries.flatMap(([name, sense]) => [...(sense.aliases ?? []), name].flatMap((n) => [lower(n), normalizeTagKey(n)])),
    ];
    names = [...new Set(all.filter((n) => n.length > 0 && !n.includes('?')))];
    namesCache.set(inventory, names);
  }
  return names.slice();
}

/** Probabilities of all categories (for tools and evaluation), in the order of CATEGORY_IDS. */
export function categoryProbabilities(post: PostInput, options?: ClassifyPostOptions): Record<CategoryId, number> {
  const model = options?.model ?? getModel(options?.inventory ?? DEFAULT_INVENTORY);
  classifyPost(post, { ...options, model, threshold: 0 });
  const inverseTemperature = 1 / model.temperature;
  let max = -Infinity;
  for (let k = 0; k < N_CATEGORIES; k++) if (scores[k]! > max) max = scores[k]!;
  let sum = 0;
  for (let k = 0; k < N_CATEGORIES; k++) sum += Math.exp((scores[k]! - max) * inverseTemperature);
  const out = {} as Record<CategoryId, number>;
  CATEGORY_IDS.forEach((c, k) => {
    out[c] = Math.exp((scores[k]! - max) * inverseTemperature) / sum;
  });
  return out;
}
