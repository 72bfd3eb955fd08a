/**
 * `npm run train`: trains the naive Bayes weights on the labelled corpus
 * (test/fixtures/corpus/posts.jsonl) and writes utils/classifier/trained-weights.json, which the
 * classifier adds to the sense inventory's lexicon. Deterministic: the same corpus gives the same file.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DEFAULT_TRAINING, trainNaiveBayes } from '../utils/classifier/train';
import type { CategoryId } from '../utils/classifier/types';

const CORPUS = 'test/fixtures/corpus/posts.jsonl';
const OUTPUT = 'utils/classifier/trained-weights.json';

const text = readFileSync(CORPUS, 'utf8');
const examples = text
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { text: string; label: CategoryId; tag: string })
  .map((post) => ({ text: post.text, label: post.label, watchedTags: [post.tag] }));
const table = trainNaiveBayes(examples, DEFAULT_TRAINING);
// Named by what it holds: the same corpus and options give the same version, any change a new one.
const weightsHash = createHash('sha256').update(JSON.stringify(table)).digest('hex').slice(0, 12);
const output = {
  version: `nb.${weightsHash}`,
  trainedOn: { file: CORPUS, posts: examples.length },
  options: DEFAULT_TRAINING,
  table,
};
writeFileSync(OUTPUT, `${JSON.stringify(output)}\n`);
const features = Object.values(table).reduce((sum, section) => sum + Object.keys(section ?? {}).length, 0);
console.log(`Trained on ${examples.length} posts: ${features} features, version ${output.version} → ${OUTPUT}`);
