/**
 * `npm run train`: trains the logistic-regression weights on the labelled corpus
 * (test/fixtures/corpus/posts.jsonl) and writes utils/classifier/trained-weights.json, which the
 * classifier adds to the sense inventory's lexicon. Deterministic: the same corpus gives the same file.
 * `--l2 X` overrides the penalty (for experiments; the shipped file uses DEFAULT_LOGISTIC).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { DEFAULT_LOGISTIC, trainLogistic } from '../utils/classifier/train';
import inventory from '../utils/classifier/sense-inventory.json';
import type { CategoryId, SenseInventory } from '../utils/classifier/types';

const CORPUS = 'test/fixtures/corpus/posts.jsonl';
const OUTPUT = 'utils/classifier/trained-weights.json';

const l2At = process.argv.indexOf('--l2');
const options = l2At >= 0 ? { ...DEFAULT_LOGISTIC, l2: Number(process.argv[l2At + 1]) } : DEFAULT_LOGISTIC;
const text = readFileSync(CORPUS, 'utf8');
const examples = text
  .split('\n')
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { text: string; label: CategoryId; tag: string })
  .map((post) => ({ text: post.text, label: post.label, watchedTags: [post.tag] }));
const table = trainLogistic(examples, inventory as SenseInventory, options);
// Named by what it holds: the same corpus and options give the same version, any change a new one.
const weightsHash = createHash('sha256').update(JSON.stringify(table)).digest('hex').slice(0, 12);
const output = {
  version: `lr.${weightsHash}`,
  trainedOn: { file: CORPUS, posts: examples.length },
  options,
  table,
};
const json = `${JSON.stringify(output)}\n`;
writeFileSync(OUTPUT, json);
const features = Object.values(table).reduce((sum, section) => sum + (typeof section === 'object' ? Object.keys(section ?? {}).length : 0), 0);
console.log(`Trained on ${examples.length} posts: ${features} weights, ${json.length} bytes, version ${output.version} → ${OUTPUT}`);
