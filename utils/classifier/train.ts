/**
 * Training: a weight table the linear scorer adds to the sense inventory's lexicon, learnt from labelled
 * posts. The shipped model is {@link trainLogistic} (logistic regression over lexicon entries and the
 * open vocabulary); {@link trainNaiveBayes} is the earlier model, kept for comparison. Pure and
 * deterministic, so the shipped weights can be rebuilt from the corpus (`npm run train`) and
 * cross-validated (`npm run eval -- FILE --cv 5`).
 */
import { scanFeatures } from './features';
import { categoryProbabilities } from './classify';
import { compileWithLearnt } from './learned-model';
import { combinePriors, mergeWeightTables, type CompiledModel } from './model';
import { normalizeTagKey, prepareText } from './normalize';
import { tokenizePost, type PostTokens } from './tokenize';
import { CATEGORY_IDS, type CategoryId, type CategoryWeights, type SenseInventory, type WeightTable } from './types';

export interface TrainingExample {
  text: string;
  label: CategoryId;
  /** The watched hashtag(s) the post was found under: they select the prior, so they are not learnt as words. */
  watchedTags?: readonly string[];
  /** Posts of one group (one article, one thread) share a fold when the temperature is fitted; the text when unset. */
  group?: string;
}

export interface TrainingOptions {
  /** Additive smoothing of the per-category feature probabilities. */
  smoothing: number;
  /** Features seen in fewer posts are dropped (one-off words only memorise their post). */
  minPosts: number;
  /** At most this many features are kept, the most telling first. */
  maxFeatures: number;
  /** Scales the log-likelihood ratios against the lexicon's hand-set weights. */
  scale: number;
}

/**
 * Chosen by 5-fold cross-validation on the corpus (`npm run eval -- test/fixtures/corpus/posts.jsonl --cv 5`)
 * and the hand-written set, never on the seed posts (the dev set): scales 0.3, 0.45 and 0.6 tie on
 * cross-validation (macro-F1 0.794 / 0.794 / 0.800, within noise); smoothing 0.5 beats 1 by about 0.01;
 * the smallest scale trusts a small corpus least. 2,000 features score as well as 4,000.
 */
export const DEFAULT_TRAINING: TrainingOptions = { smoothing: 0.5, minPosts: 2, maxFeatures: 2_000, scale: 0.3 };

type Section = 'words' | 'tags' | 'domains' | 'mentions';
const SECTIONS: readonly Section[] = ['words', 'tags', 'domains', 'mentions'];

export function trainNaiveBayes(examples: readonly TrainingExample[], options: TrainingOptions = DEFAULT_TRAINING): WeightTable {
  const postsPerCategory = new Map<CategoryId, number>(CATEGORY_IDS.map((c) => [c, 0]));
  /** `section:key` → posts containing it, per category. */
  const counts = new Map<string, Map<CategoryId, number>>();
  for (const example of examples) {
    postsPerCategory.set(example.label, postsPerCategory.get(example.label)! + 1);
    for (const feature of featuresOf(example)) {
      const perCategory = counts.get(feature) ?? new Map<CategoryId, number>();
      perCategory.set(example.label, (perCategory.get(example.label) ?? 0) + 1);
      counts.set(feature, perCategory);
    }
  }

  const scored: { feature: string; weights: CategoryWeights; strength: number }[] = [];
  for (const [feature, perCategory] of counts) {
    const posts = [...perCategory.values()].reduce((sum, n) => sum + n, 0);
    if (posts < options.minPosts) continue;
    const logP = CATEGORY_IDS.map((c) => {
      const n = perCategory.get(c) ?? 0;
      return Math.log((n + options.smoothing) / (postsPerCategory.get(c)! + 2 * options.smoothing));
    });
    const mean = logP.reduce((sum, x) => sum + x, 0) / logP.length;
    const weights: CategoryWeights = {};
    let strength = 0;
    CATEGORY_IDS.forEach((c, k) => {
      const w = options.scale * (logP[k]! - mean);
      const rounded = Math.round(w * 100) / 100;
      if (rounded !== 0) weights[c] = rounded; // also drops -0, which JSON cannot keep
      strength = Math.max(strength, Math.abs(w));
    });
    scored.push({ feature, weights, strength: strength * Math.log1p(posts) });
  }
  scored.sort((a, b) => b.strength - a.strength || (a.feature < b.feature ? -1 : 1));

  const table: Required<Pick<WeightTable, Section>> = { words: {}, tags: {}, domains: {}, mentions: {} };
  for (const { feature, weights } of scored.slice(0, options.maxFeatures)) {
    const colon = feature.indexOf(':');
    table[feature.slice(0, colon) as Section][feature.slice(colon + 1)] = weights;
  }
  return table;
}

function featuresOf(example: TrainingExample): string[] {
  const watched = new Set((example.watchedTags ?? []).map(normalizeTagKey));
  const tokens: PostTokens = tokenizePost(example.text);
  return SECTIONS.flatMap((section) =>
    tokens[section].filter((key) => !watched.has(key)).map((key) => `${section}:${key}`),
  );
}

/* ------------------------------------------------------------------------------------------
 * Logistic regression (the shipped model).
 * ---------------------------------------------------------------------------------------- */

export interface LogisticOptions {
  /** Words, hashtags, domains and mentions seen in fewer training posts are not learnt (one-off words only memorise their post). */
  minPosts: number;
  /** L2 penalty on the learnt weights: how strongly they stay at the lexicon's hand-set weights (0 for new words). */
  l2: number;
  /** Full-batch Adam steps. */
  iterations: number;
  learningRate: number;
  /** The lexicon's hand-set weights enter training scaled by this (1: as they are); the penalty pulls toward the scaled weights. */
  lexiconScale: number;
  /**
   * Learn a bias per category. Off in the shipped model: the corpus's label mix is how it was collected,
   * not what a timeline holds, and a bias learnt from it pushed short replies (carried by their
   * hashtag's prior) to `other`.
   */
  learnBias: boolean;
  /** L2 penalty on the bias (when learnt). */
  biasL2: number;
  /** Also learn how far to trust the watched hashtags' priors (one factor for all). */
  learnPriorScale: boolean;
  /**
   * Words longer than this are learnt as their first `stemLength` letters (`verhandl*`), so the inflected
   * and compound forms of a word (`Verhandlungen`, `Verhandlungsrunde`) share one weight instead of each
   * needing `minPosts` posts of its own. Off when undefined.
   */
  stemLength?: number;
  /**
   * Start from naive-Bayes weights learnt from the same posts ({@link trainNaiveBayes} with these options):
   * the L2 penalty then pulls toward them instead of toward zero (NB-LR, as in Wang & Manning 2012), and
   * the returned table holds both. Off when undefined.
   */
  naiveBayes?: TrainingOptions;
  /**
   * Also train on a short copy of each post that has more than one sentence: its first sentence under the
   * same hashtag and label, counted with this weight (the vocabulary still comes from the whole posts). The
   * corpus is mostly excerpts of several sentences, timelines are mostly toots of one or two, so the prior
   * and the words must also carry a post that says little. Off when undefined or 0.
   */
  shortCopies?: number;
  /** Weights smaller than this (after rounding to 2 decimals) are not shipped; {@link MIN_SHIPPED_WEIGHT} when undefined. */
  minWeight?: number;
  /**
   * Fit a temperature (the table's `temperature`) on predictions for posts a model did not train on: this many
   * folds of the training posts (grouped by `group`), each classified by a model trained on the others; the
   * temperature that minimises their cross-entropy is kept. A model trained to fit its posts is surer of them
   * than of posts it never saw, so its confidences are otherwise too high. Off when undefined or below 2.
   */
  calibrationFolds?: number;
}

/**
 * What was chosen on what:
 * - `l2` by nested cross-validation on the corpus (`npm run eval -- test/fixtures/corpus/posts.jsonl --cv 5 --nested`):
 *   inside each outer fold, an inner 4-fold cross-validation of the outer training posts picks it from
 *   {@link L2_GRID} (picks: 0.0003 four times, 0.003 once; nested macro-F1 0.807). Re-checked at 657 posts
 *   (lexicon 2025.3): picks 0.001 three times, 0.0003 and 0.003 once each, nested macro-F1 0.849; plain 5-fold
 *   CV gives 0.848 at 0.0003, 0.845 at 0.001, 0.839 at 0.003, so 0.0003 stays (the difference is noise).
 * - The other options were compared by plain 5-fold cross-validation on the corpus (slightly optimistic
 *   for them); all of these scored within about ±0.01 macro-F1 of each other (0.81–0.83): lexiconScale 0.25,
 *   0.5 and 1 (0, no lexicon, was worst: 0.775), bias penalties, a learnt prior scale or not, minPosts 1–3,
 *   150–1000 steps, learning rates 0.02–0.05, word bigrams as extra features, keeping words of address
 *   (ihr, euch, you), counting posts marked ambiguous less, abstention thresholds 0.35–0.55.
 * - `learnBias: false` was decided with the dev set in view: with a learnt bias (CV 0.822, 0.007 above
 *   without), seed posts read as on the #Protokoll timeline (implied tag + their own) fell to accuracy
 *   0.85 in the browser test; without it they score 1.000 and the hand-written posts 0.977 (0.955 with).
 *   The reason is not specific to the dev set: the corpus's label mix reflects how it was collected.
 * - Issue #3 (657 posts, lexicon 2025.3), compared on the mean of 5 fold assignments
 *   (`npm run eval -- test/fixtures/corpus/posts.jsonl --cv 5 --repeat 5 [--options JSON]`): these options
 *   give 0.837 (0.848 0.832 0.827 0.841 0.837); nested, 0.836. Nothing tried beat that by more than its
 *   spread without costing the dev set, so nothing changed:
 *   - `stemLength: 7`: 0.843, above on all 5 assignments but by 0.003–0.013; nested (L2 picked inside) 0.858,
 *     0.829, 0.835 on the first three (0.849, 0.831, 0.830 without). Hand-written posts 0.977 → 0.955.
 *   - `naiveBayes` (scale 0.2, 0.3) with `stemLength: 7`: 0.854, 0.861; nested over L2 × scale {0, 0.1, 0.2,
 *     0.3}: 0.850, 0.852 on the first two. But the seed posts fall to 0.977, 0.966 (0.909 at L2 0.001, the
 *     nested pick): short #ChatControl replies go to `other` on generic words (think, AI, responsible). The
 *     many small naive-Bayes weights outvote a hashtag's prior, which long excerpts reward and toots do not.
 *   - within ±0.006 of 0.837: a learnt log-prior shift per watched hashtag (hand-written posts fall to 0.886
 *     as it grows), word bigrams as phrases (0.833), class weights 1.3 for civic_recruiting or other,
 *     posts marked ambiguous at half weight, L2 0.0001 or 0.001, a separate L2 for lexicon entries,
 *     minPosts 1, word beginnings of 6 or 8 letters, word endings as compound heads, the prior's weight
 *     fitted on out-of-fold scores (stacking: 0.840; it trusts the prior 0.65× as much, seed 0.955), the
 *     prior scaled by the number of hits, thresholds 0.3–0.6 (0.5 best).
 *   - worse: character 3–5-grams of words as extra features (a scanner change, slower): 0.828–0.840 where
 *     these options gave 0.842 on the same assignments.
 *   Of the 100 errors at 0.848, 57 are among the 156 posts marked ambiguous (63 % right); the other 501
 *   posts score macro-F1 0.912.
 * - Third corpus round (211 representative posts, test/fixtures/corpus/batch-3.jsonl, see its README): the
 *   shipped table scores 0.718 on them unseen. Trained on all 868 posts these options give CV 0.794 (mean of 5
 *   assignments 0.800, nested 0.788) and a 225 KB table; `minPosts: 3` gives 0.792 (0.795) and 149 KB. Both
 *   drop the seed posts below the bar (0.943 / 0.955 accuracy, macro-F1 0.878 / 0.893), by the failure mode
 *   above (short #ChatControl replies to `other` on generic words), so the batch stays held out and this
 *   table was not retrained. L2 0.001 / 0.003 and minPosts 4 on the 868 posts: 0.798 / 0.798 / 0.792. About
 *   130 more stop words in tokenize.ts: 0.840 on 657 posts, 0.805 on 868 (inside the spread; seed 0.955 / 0.910
 *   on 868, table 220 KB); not kept.
 * - Session 5, all 868 posts (both files), mean of 5 assignments; table at test/fixtures/corpus/README.md,
 *   "Training on all 868 posts (session 5)". Default options 0.800 (sd 0.005), nested 0.796. Within the spread:
 *   a bias or a log-prior shift per hashtag learnt in training and not shipped (0.801–0.804; the generic words
 *   barely change), a separate L2 for open-vocabulary words (0.003: 0.802, 0.01: 0.792), an open-vocabulary L2
 *   growing with how evenly a word spreads over the categories (×(1 + s × evenness), s 3/10/30: 0.802/0.803/
 *   0.796; it shrinks `way`, `zwei` but the learnt prior scale falls with them, 0.99 → 0.68), and those
 *   combined (0.792–0.806). Above it: `shortCopies` (each post's first sentence also trained on, same label
 *   and hashtag), 0.811–0.814 for weights 0.25–2, higher on all 5 assignments; with `minWeight: 0.04` (table
 *   188 KB, under the size test) 0.815 (sd 0.004), nested 0.810 (sd 0.009). Gated after the choice: seed posts
 *   0.966 / 0.912 (pass), hand-written 0.932 (fail: h002, h040, h042, which the default on 868 misses too,
 *   posts whose words must overrule the hashtag's prior). Also gated: `shortCopies: 0.5, minPosts: 3` (0.803,
 *   151 KB): seed 0.955 / 0.893, hand-written 0.932. So the shipped table stays trained on the 657 posts;
 *   `shortCopies: 0.5, minWeight: 0.04` is where retraining on all posts should start. Not tried: evidence
 *   divided by √(scored tokens) (weights learnt on long excerpts would weigh more in short posts, the
 *   opposite of what is needed), a minimum margin/coverage rule. The training-only shifts and the
 *   open-vocabulary penalties were not kept in the code.
 * - Shipped (session 5, later): these options on all 868 posts. The fourth batch (150 representative posts,
 *   test/fixtures/corpus/batch-4.jsonl, collected meanwhile and trained on by neither) decided between the
 *   table trained on the 657 posts and this one, compared once: macro-F1 0.740 → 0.771, accuracy 0.727 →
 *   0.760 (9 posts right only with the new table, 4 only with the old). Seed posts 1.000 → 0.966 / 0.912
 *   (above the bar), hand-written 0.977 → 0.930 (h002, h040, h042 above).
 * - Reports and calls (session 5, after shipping), mean of 5 assignments on the 868 posts; table at
 *   test/fixtures/corpus/README.md, "Reports and calls (session 5)". Shipped options 0.815 (sd 0.004), nested 0.810.
 *   Nothing moved it by the +0.008 bar, nothing was kept: lexicon cue lists (data) for report language → `other`
 *   (attribution, surveys and figures, awards and thanks: 0.815), call language → `civic_recruiting` (imperatives
 *   and address: *bewirb dich*, *habt ihr Lust*, *apply now*, …: 0.817), both 0.818 (at twice the weights 0.816),
 *   consumer how-to words → `other` (devices, *tips*, *your data*: 0.817), all three 0.820 (sd 0.006, higher on
 *   all 5 assignments, nested 0.815), plus past-tense auxiliaries → `other` 0.820; a learnt no-call vector added
 *   when the prior favours `civic_recruiting` and no `civic_recruiting` lexicon phrase occurs (the tag-conditioned
 *   call-cue interaction: 0.813–0.815, with the cue lists 0.817 / 0.820; it learnt almost nothing, since under
 *   #Ehrenamt 48 of 52 `civic_recruiting` posts carry no call phrase either); short copies from the last sentence
 *   instead of the first 0.796, from both 0.810–0.812. The training posts' `civic_recruiting` items are mostly
 *   third-person texts too, so a report/call cue has little to be learnt from. The interaction and the
 *   last-sentence copies were not kept in the code.
 * - Session 6 (test/fixtures/corpus/README.md, "Training on 1,018 posts, calibrated"): `batch-4.jsonl` joins the
 *   training posts (1,018), decided in advance by the rule "ship unless more than 0.01 worse on the unseen fifth
 *   batch" (0.719 → 0.740 there); `minWeight` 0.04 → 0.05 keeps the table under the size test (cross-validation
 *   0.809 / 0.808); `calibrationFolds: 5` fits a temperature (1.35) because out-of-fold predictions were too sure
 *   (calibration error 0.056 → 0.041 cross-validated, macro-F1 0.808 either way), chosen on cross-validation before
 *   the fifth batch was scored (there: calibration error 0.152 → 0.084, macro-F1 0.740 → 0.728).
 * - Session 6, later: `batch-5.jsonl` joins the training posts (1,173) by the same rule, judged on the unseen sixth
 *   batch (0.725 → 0.736); `minWeight` 0.07 is the smallest step that keeps the table under the size test
 *   (cross-validation on the 1,173 posts: 0.814 at 0.05, 0.06 and 0.07). Adding `batch-6.jsonl` too (1,345 posts,
 *   `minWeight` 0.08) lost on the unseen seventh batch (0.724 → 0.713), so it was not shipped.
 */
export const DEFAULT_LOGISTIC: LogisticOptions = {
  minPosts: 2,
  l2: 0.0003,
  iterations: 300,
  learningRate: 0.05,
  lexiconScale: 1,
  learnBias: false,
  biasL2: 0.01,
  learnPriorScale: true,
  shortCopies: 0.5,
  minWeight: 0.07,
  calibrationFolds: 5,
};
export const L2_GRID: readonly number[] = [0.0003, 0.001, 0.003, 0.01];

/**
 * Weights below this (after rounding to 2 decimals) are not shipped. 0.02 rather than 0.01 since the corpus
 * reached 657 posts: it keeps the table under the bundle budget (180 KB instead of 202 KB) at the same
 * 5-fold cross-validated macro-F1 (0.837 vs 0.835; 0.03 gave 0.834).
 */
const MIN_SHIPPED_WEIGHT = 0.02;

/**
 * Multinomial logistic regression over the features the classifier itself sees: the inventory's lexicon
 * entries (stems, compound parts, phrases, tags, domains, mentions) and the open vocabulary of the
 * training posts (whole words, hashtags, domains, mentions seen in at least `minPosts` posts). The
 * watched hashtags' priors are a fixed offset; lexicon entries start at their hand-set weights, and the
 * L2 penalty pulls every learnt change toward zero, so the lexicon acts as a prior the data can
 * overrule. Training uses the compiled model's own scanner, so what is learnt is what is scored.
 * Full-batch, fixed order, fixed step count: the same examples give the same table.
 * The result is a weight table of changes, in the syntax of the lexicon, for {@link compileWithLearnt}.
 */
export function trainLogistic(
  examples: readonly TrainingExample[],
  inventory: SenseInventory,
  options: LogisticOptions = DEFAULT_LOGISTIC,
): WeightTable {
  // 1. Candidate vocabulary from the training posts only.
  const counts = new Map<string, number>();
  for (const example of examples) for (const feature of stems(featuresOf(example), options.stemLength)) counts.set(feature, (counts.get(feature) ?? 0) + 1);
  const candidates: WeightTable = { words: {}, tags: {}, domains: {}, mentions: {} };
  for (const [feature, n] of [...counts].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (n < options.minPosts) continue;
    const colon = feature.indexOf(':');
    candidates[feature.slice(0, colon) as Section]![feature.slice(colon + 1)] = { other: PLACEHOLDER };
  }
  // 2. The model the classifier would compile with these words, and each post's hits in it.
  const naiveBayes = options.naiveBayes ? trainNaiveBayes(examples, options.naiveBayes) : undefined;
  const model = compileWithLearnt(inventory, naiveBayes ? [candidates, naiveBayes] : [candidates]);
  const F = model.featureCount;
  const base = model.weights.map((w) => w * options.lexiconScale);
  const shrink = 1 - options.lexiconScale;
  const posts = examples.map((example) => postFeatures(example, model));
  const labels = examples.map((example) => CATEGORY_IDS.indexOf(example.label));
  const weight = examples.map(() => 1);
  if (options.shortCopies) {
    for (const example of examples) {
      const first = firstSentence(example.text);
      if (first === undefined) continue;
      posts.push(postFeatures({ ...example, text: first }, model));
      labels.push(CATEGORY_IDS.indexOf(example.label));
      weight.push(options.shortCopies);
    }
  }

  // 3. Learn changes `delta` (F × K) and a bias change by full-batch Adam on mean cross-entropy + L2.
  const P = F * K + K + 1; // then K bias changes, then the prior scale's change
  const theta = new Float64Array(P);
  const grad = new Float64Array(P);
  const m1 = new Float64Array(P);
  const m2 = new Float64Array(P);
  const score = new Float64Array(K);
  const n = weight.reduce((sum, w) => sum + w, 0) || 1;
  const beta1 = 0.9;
  const beta2 = 0.999;
  for (let step = 1; step <= options.iterations; step++) {
    grad.fill(0);
    posts.forEach((post, i) => {
      const priorScale = 1 + theta[F * K + K]!;
      for (let k = 0; k < K; k++) score[k] = priorScale * post.logPrior[k]! + post.offset[k]! + theta[F * K + k]!;
      for (const f of post.features) for (let k = 0; k < K; k++) score[k] = score[k]! + base[f * K + k]! + theta[f * K + k]!;
      let max = -Infinity;
      for (let k = 0; k < K; k++) if (score[k]! > max) max = score[k]!;
      let sum = 0;
      for (let k = 0; k < K; k++) sum += score[k] = Math.exp(score[k]! - max);
      for (let k = 0; k < K; k++) {
        const g = (weight[i]! * (score[k]! / sum - (labels[i] === k ? 1 : 0))) / n;
        if (options.learnBias) grad[F * K + k] = grad[F * K + k]! + g;
        if (options.learnPriorScale) grad[F * K + K] = grad[F * K + K]! + g * post.logPrior[k]!;
        for (const f of post.features) grad[f * K + k] = grad[f * K + k]! + g;
      }
    });
    for (let p = 0; p < F * K; p++) grad[p] = grad[p]! + options.l2 * theta[p]!;
    for (let p = F * K; p < F * K + K; p++) grad[p] = grad[p]! + options.biasL2 * theta[p]!;
    const c1 = 1 - beta1 ** step;
    const c2 = 1 - beta2 ** step;
    for (let p = 0; p < P; p++) {
      const g = grad[p]!;
      m1[p] = beta1 * m1[p]! + (1 - beta1) * g;
      m2[p] = beta2 * m2[p]! + (1 - beta2) * g * g;
      theta[p] = theta[p]! - (options.learningRate * (m1[p]! / c1)) / (Math.sqrt(m2[p]! / c2) + 1e-8);
    }
  }

  // 4. The changes as a weight table in lexicon syntax.
  const table: WeightTable = {};
  for (let f = 0; f < F; f++) {
    // what training scaled away from the lexicon comes off its weights
    if (shrink !== 0) for (let k = 0; k < K; k++) theta[f * K + k] = theta[f * K + k]! - shrink * model.weights[f * K + k]!;
    const weights = roundedWeights(theta, f * K, options.minWeight);
    if (!weights) continue;
    const key = model.featureKey[f]!;
    const colon = key.indexOf(':');
    const kind = key.slice(0, colon);
    const section: keyof WeightTable =
      kind === 'word' ? 'words' : kind === 'phrase' ? 'phrases' : kind === 'tag' ? 'tags' : kind === 'domain' ? 'domains' : 'mentions';
    ((table[section] as Record<string, CategoryWeights> | undefined) ??= {})[key.slice(colon + 1)] = weights;
  }
  const bias = roundedWeights(theta, F * K, options.minWeight);
  if (bias) table.bias = bias;
  const priorScale = Math.round((1 + theta[F * K + K]!) * 100) / 100;
  if (priorScale !== 1) table.priorScale = priorScale;
  const trained = naiveBayes ? withStartingPoint(naiveBayes, table, options.minWeight) : table;
  const temperature = (options.calibrationFolds ?? 0) >= 2 ? fitTemperature(examples, inventory, options) : 1;
  if (temperature !== 1) trained.temperature = temperature;
  return trained;
}

/** Temperatures tried by {@link fitTemperature}: 1 (none) to 3 in steps of 0.05. */
const TEMPERATURES = Array.from({ length: 41 }, (_, i) => 1 + i * 0.05);

/**
 * The temperature (rounded to 2 decimals) that minimises the cross-entropy of out-of-fold predictions of
 * `examples` (see {@link LogisticOptions.calibrationFolds}). Deterministic: folds by a hash of each group.
 */
export function fitTemperature(examples: readonly TrainingExample[], inventory: SenseInventory, options: LogisticOptions): number {
  const folds = options.calibrationFolds ?? 0;
  if (folds < 2) return 1;
  const inner: LogisticOptions = { ...options, calibrationFolds: undefined };
  const foldOf = examples.map((example) => groupHash(`${example.group ?? example.text}#calibration`) % folds);
  /** Per post: the score of its gold category minus each category's score (0 for itself), out of fold. */
  const margins: Float64Array[] = [];
  for (let fold = 0; fold < folds; fold++) {
    const training = examples.filter((_, i) => foldOf[i] !== fold);
    if (training.length === 0 || training.length === examples.length) continue;
    const model = compileWithLearnt(inventory, [trainLogistic(training, inventory, inner)]);
    examples.forEach((example, i) => {
      if (foldOf[i] !== fold) return;
      const probabilities = categoryProbabilities({ text: example.text, watchedTags: example.watchedTags }, { model });
      const gold = Math.log(Math.max(probabilities[example.label], 1e-300));
      margins.push(Float64Array.from(CATEGORY_IDS, (category) => Math.log(Math.max(probabilities[category], 1e-300)) - gold));
    });
  }
  let best = 1;
  let bestLoss = Infinity;
  for (const temperature of TEMPERATURES) {
    let loss = 0;
    for (const margin of margins) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += Math.exp(margin[k]! / temperature);
      loss += Math.log(sum);
    }
    if (loss < bestLoss - 1e-9) [best, bestLoss] = [temperature, loss];
  }
  return Math.round(best * 100) / 100;
}

/** FNV-1a (32 bit) of a group's name: which fold the group falls in, here and in cross-validation. */
export function groupHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/** The naive-Bayes starting point plus the changes learnt on top of it, as one table (weights rounded to 2 decimals). */
function withStartingPoint(start: WeightTable, changes: WeightTable, minWeight = MIN_SHIPPED_WEIGHT): WeightTable {
  const merged = mergeWeightTables(start, changes);
  const out: WeightTable = {};
  for (const section of ['words', 'phrases', 'tags', 'domains', 'mentions'] as const) {
    const entries = merged[section];
    if (!entries) continue;
    for (const key of Object.keys(entries).sort()) {
      let row: CategoryWeights | undefined;
      for (const category of CATEGORY_IDS) {
        const w = shippedWeight(entries[key]![category] ?? 0, minWeight);
        if (w !== undefined) (row ??= {})[category] = w;
      }
      if (row) ((out[section] ??= {}) as Record<string, CategoryWeights>)[key] = row;
    }
  }
  if (changes.bias) out.bias = changes.bias;
  if (changes.priorScale !== undefined) out.priorScale = changes.priorScale;
  if (changes.temperature !== undefined) out.temperature = changes.temperature;
  return out;
}

/** The first sentence of a text of several (up to the first `.`, `!`, `?` or line break followed by more text), or undefined. */
export function firstSentence(text: string): string | undefined {
  const match = /^[\s\S]*?\S[\s\S]*?(?:[.!?…]+(?=\s)|\n)/u.exec(text);
  if (!match) return undefined;
  const first = match[0].trim();
  return first.length > 0 && first.length < text.trim().length && /\S/.test(text.slice(match[0].length)) ? first : undefined;
}

/** Words longer than `length` as the entry of their first `length` letters (`verhandl*`); other features as they are. */
function stems(features: string[], length: number | undefined): string[] {
  if (length === undefined) return features;
  const out = new Set<string>();
  for (const feature of features) {
    if (feature.startsWith('words:') && feature.length - 'words:'.length > length) out.add(`${feature.slice(0, 'words:'.length + length)}*`);
    else out.add(feature);
  }
  return [...out];
}

const K = CATEGORY_IDS.length;
/** A vanishing weight: it makes a candidate word a feature of the compiled model without moving any score. */
const PLACEHOLDER = 1e-12;

function roundedWeights(theta: Float64Array, at: number, minWeight = MIN_SHIPPED_WEIGHT): CategoryWeights | undefined {
  let out: CategoryWeights | undefined;
  CATEGORY_IDS.forEach((category, k) => {
    const w = shippedWeight(theta[at + k]!, minWeight);
    if (w !== undefined) (out ??= {})[category] = w;
  });
  return out;
}

/** A weight as the table ships it: rounded to 2 decimals, or undefined when that is smaller than `minWeight`. */
function shippedWeight(weight: number, minWeight: number): number | undefined {
  const w = Math.round(weight * 100) / 100;
  return Math.abs(w) >= minWeight ? w : undefined;
}

/** The hits of a post in a compiled model, and its fixed offset (the watched tags' log prior), as classifyPost sees them. */
function postFeatures(example: TrainingExample, model: CompiledModel): { features: number[]; offset: Float64Array; logPrior: Float64Array } {
  const ignore = new Uint8Array(model.watchedNames.length);
  let known = 0;
  for (const tag of example.watchedTags ?? []) {
    const index = model.watchedKey.get(normalizeTagKey(tag));
    if (index === undefined || ignore[index] === 1) continue;
    ignore[index] = 1;
    known++;
  }
  if (known === 0) ignore.fill(1);
  const hits = scanFeatures(prepareText(example.text), model, ignore);
  const features = Array.from(hits.feature.subarray(0, hits.count)).sort((a, b) => a - b);
  if (known === 0) {
    ignore.fill(0);
    for (let w = 0; w < hits.watchedCount; w++) {
      if (ignore[hits.watched[w]!] === 1) continue;
      ignore[hits.watched[w]!] = 1;
      known++;
    }
  }
  const logPrior = new Float64Array(K);
  combinePriors(model, ignore, known, logPrior);
  return { features, offset: Float64Array.from(model.bias), logPrior };
}
