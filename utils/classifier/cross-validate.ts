/**
 * K-fold cross-validation of the trained model: each fold is classified by lexicon + logistic regression
 * trained on the other folds (vocabulary, weights and bias all from the other folds only). Posts from one source (one article, one thread) stay in one fold, so a
 * fold never sees a sibling excerpt of its own article in training.
 *
 * `repeat` picks another assignment of groups to folds (0: the usual one). On 657 posts one assignment's
 * macro-F1 moves by about ±0.007 from another's, as much as most modelling changes; compare changes on the
 * mean of several assignments ({@link repeatedCrossValidate}), the same ones for every variant.
 */
import { classifyPost } from './classify';
import { compileWithLearnt } from './learned-model';
import { evaluate } from './metrics';
import { DEFAULT_LOGISTIC, L2_GRID, groupHash, trainLogistic, type LogisticOptions, type TrainingExample } from './train';
import type { Classification, SenseInventory } from './types';

export interface LabelledPost extends TrainingExample {
  /** Posts with the same group share a fold. */
  group: string;
}

export function crossValidate(
  posts: readonly LabelledPost[],
  folds: number,
  inventory: SenseInventory,
  options: LogisticOptions = DEFAULT_LOGISTIC,
  threshold?: number,
  repeat = 0,
): Classification[] {
  const foldOf = foldAssignment(folds, repeat);
  const predicted: Classification[] = new Array(posts.length);
  for (let fold = 0; fold < folds; fold++) {
    const training = posts.filter((post) => foldOf(post.group) !== fold);
    const model = compileWithLearnt(inventory, [trainLogistic(training, inventory, options)]);
    posts.forEach((post, index) => {
      if (foldOf(post.group) !== fold) return;
      predicted[index] = classifyPost({ text: post.text, watchedTags: post.watchedTags }, { model, threshold });
    });
  }
  return predicted;
}

/**
 * Nested cross-validation: in each outer fold, an inner `innerFolds`-fold cross-validation on the outer
 * training posts picks the L2 penalty from `grid` (best inner macro-F1, the smaller penalty on ties); the
 * outer fold is then classified by a model trained with it. The outer folds' posts never shape the choice.
 */
export function nestedCrossValidate(
  posts: readonly LabelledPost[],
  folds: number,
  inventory: SenseInventory,
  options: LogisticOptions = DEFAULT_LOGISTIC,
  grid: readonly number[] = L2_GRID,
  innerFolds = 4,
  repeat = 0,
): { predicted: Classification[]; picked: number[] } {
  const foldOf = foldAssignment(folds, repeat);
  const predicted: Classification[] = new Array(posts.length);
  const picked: number[] = [];
  for (let fold = 0; fold < folds; fold++) {
    // inner folds are drawn with another hash than the outer ones
    const training = posts.filter((post) => foldOf(post.group) !== fold).map((post) => ({ ...post, group: `${post.group}#inner` }));
    let best = -1;
    let l2 = grid[0] ?? options.l2;
    for (const candidate of grid) {
      const inner = crossValidate(training, innerFolds, inventory, { ...options, l2: candidate });
      const f1 = evaluate(training.map((post) => post.label), inner.map((r) => r.category)).macroF1;
      if (f1 > best) {
        best = f1;
        l2 = candidate;
      }
    }
    picked.push(l2);
    const model = compileWithLearnt(inventory, [trainLogistic(training, inventory, { ...options, l2 })]);
    posts.forEach((post, index) => {
      if (foldOf(post.group) !== fold) return;
      predicted[index] = classifyPost({ text: post.text, watchedTags: post.watchedTags }, { model });
    });
  }
  return { predicted, picked };
}

/**
 * Cross-validation over `repeats` fold assignments (0 … repeats - 1): each post's predictions, one array per
 * assignment, so a variant and the baseline can be compared assignment by assignment.
 */
export function repeatedCrossValidate(
  posts: readonly LabelledPost[],
  folds: number,
  repeats: number,
  inventory: SenseInventory,
  options: LogisticOptions = DEFAULT_LOGISTIC,
  threshold?: number,
): Classification[][] {
  return Array.from({ length: repeats }, (_, repeat) => crossValidate(posts, folds, inventory, options, threshold, repeat));
}

/** Fold of a group: assignment 0 hashes the group itself (the folds every earlier number used), others a salted copy. */
function foldAssignment(folds: number, repeat: number): (group: string) => number {
  return repeat === 0 ? (group) => groupHash(group) % folds : (group) => groupHash(`${group}#repeat${repeat}`) % folds;
}
