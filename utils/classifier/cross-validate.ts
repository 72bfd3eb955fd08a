/**
 * K-fold cross-validation of the trained model: each fold is classified by lexicon + naive Bayes
 * trained on the other folds. Posts from one source (one article, one thread) stay in one fold, so a
 * fold never sees a sibling excerpt of its own article in training.
 */
import { classifyPost } from './classify';
import { compileWithLearnt } from './learned-model';
import { DEFAULT_TRAINING, trainNaiveBayes, type TrainingExample, type TrainingOptions } from './train';
import type { Classification, SenseInventory } from './types';

export interface LabelledPost extends TrainingExample {
  /** Posts with the same group share a fold. */
  group: string;
}

export function crossValidate(
  posts: readonly LabelledPost[],
  folds: number,
  inventory: SenseInventory,
  options: TrainingOptions = DEFAULT_TRAINING,
): Classification[] {
  const foldOf = (group: string) => fnv(group) % folds;
  const predicted: Classification[] = new Array(posts.length);
  for (let fold = 0; fold < folds; fold++) {
    const training = posts.filter((post) => foldOf(post.group) !== fold);
    const model = compileWithLearnt(inventory, [trainNaiveBayes(training, options)]);
    posts.forEach((post, index) => {
      if (foldOf(post.group) !== fold) return;
      predicted[index] = classifyPost({ text: post.text, watchedTags: post.watchedTags }, { model });
    });
  }
  return predicted;
}

function fnv(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}
