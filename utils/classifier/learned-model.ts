/**
 * Compiles the lexicon together with learnt weight tables (the trained model, a user's corrections).
 *
 * Learnt tables name whole words (`gesetzes`) and word beginnings (`verhand*`), the lexicon names stems and
 * compound parts (`gesetz*`, `*rat*`). The scorer takes one entry per token, the longest: a learnt word or
 * word beginning would hide the lexicon entries inside it. So each learnt word carries the weights the
 * lexicon gives that word (a learnt beginning: the weights the lexicon gives the beginning itself, which
 * every token it matches also matches): learning adds to the lexicon, it never silently replaces it.
 */
import { extractFeatures } from './features';
import { compileModel, lexiconToWeightTable, mergeWeightTables, type CompiledModel } from './model';
import { normalizeKey } from './normalize';
import { CATEGORY_IDS, type CategoryWeights, type SenseInventory, type WeightTable } from './types';

export function compileWithLearnt(inventory: SenseInventory, learnt: readonly WeightTable[]): CompiledModel {
  if (learnt.length === 0) return compileModel(inventory);
  // Lexicon keys as the model compares them (`schriftführer*` is `schriftfuehrer*`): a learnt word that is
  // a lexicon entry already gets that entry's weights when both are compiled, and must not get them twice.
  const lexiconWords = new Set(Object.keys(lexiconToWeightTable(inventory).words ?? {}).map(normalizeKey));
  const lexiconOnly = compileModel(inventory);
  const extra = mergeWeightTables(...learnt);
  const words: Record<string, CategoryWeights> = {};
  const lexiconKeys = new Set(lexiconOnly.featureKey);
  // a learnt beginning (`verhand*`) that is not itself a lexicon entry: fold the lexicon's weights of `verhand`
  for (const [word, weights] of Object.entries(extra.words ?? {})) {
    const folded: CategoryWeights = { ...weights };
    const stem = /^[^*]+\*$/.test(word) && !lexiconKeys.has(`word:${word}`) ? word.slice(0, -1) : word;
    if (!stem.includes('*') && !lexiconWords.has(normalizeKey(word))) {
      for (const hit of extractFeatures(stem, lexiconOnly)) {
        if (hit.kind !== 'word') continue;
        CATEGORY_IDS.forEach((category, k) => (folded[category] = (folded[category] ?? 0) + hit.weights[k]!));
      }
    }
    words[word] = folded;
  }
  return compileModel(inventory, [{ ...extra, words }]);
}
