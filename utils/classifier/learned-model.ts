/**
 * Compiles the lexicon together with learnt weight tables (the trained model, a user's corrections).
 *
 * Learnt tables name whole words (`gesetzes`), the lexicon names stems and compound parts
 * (`gesetz*`, `*rat*`). The scorer takes one entry per token, the longest: a learnt whole word
 * would hide the lexicon entries inside it. So each learnt word carries the weights the lexicon
 * gives that word: learning adds to the lexicon, it never silently replaces it.
 */
import { extractFeatures } from './features';
import { compileModel, lexiconToWeightTable, mergeWeightTables, type CompiledModel } from './model';
import { CATEGORY_IDS, type CategoryWeights, type SenseInventory, type WeightTable } from './types';

export function compileWithLearnt(inventory: SenseInventory, learnt: readonly WeightTable[]): CompiledModel {
  if (learnt.length === 0) return compileModel(inventory);
  const lexicon = lexiconToWeightTable(inventory);
  const lexiconOnly = compileModel(inventory);
  const extra = mergeWeightTables(...learnt);
  const words: Record<string, CategoryWeights> = {};
  for (const [word, weights] of Object.entries(extra.words ?? {})) {
    const folded: CategoryWeights = { ...weights };
    if (!word.includes('*') && !lexicon.words?.[word]) {
      for (const hit of extractFeatures(word, lexiconOnly)) {
        if (hit.kind !== 'word') continue;
        CATEGORY_IDS.forEach((category, k) => (folded[category] = (folded[category] ?? 0) + hit.weights[k]!));
      }
    }
    words[word] = folded;
  }
  return compileModel(inventory, [{ ...extra, words }]);
}
