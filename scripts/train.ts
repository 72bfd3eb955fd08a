/**
 * `npm run train`: trains the logistic-regression weights on the labelled corpus (TRAINING_FILES) and
 * writes utils/classifier/trained-weights.json, which the classifier adds to the sense inventory's
 * lexicon. Deterministic: the same corpus gives the same file.
 * For experiments: `--l2 X` overrides the penalty, `--options JSON` any training option (both change
 * DEFAULT_LOGISTIC), `--corpus a.jsonl,b.jsonl` the files, `--out FILE` where the weights go.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { DEFAULT_LOGISTIC, trainLogistic, type LogisticOptions } from '../utils/classifier/train';
import inventory from '../utils/classifier/sense-inventory.json';
import type { CategoryId, SenseInventory } from '../utils/classifier/types';

/** The labelled posts the shipped weights learn from (test/fixtures/corpus/README.md says what each holds). */
const TRAINING_FILES = [
  'test/fixtures/corpus/posts.jsonl',
  'test/fixtures/corpus/batch-3.jsonl',
  'test/fixtures/corpus/batch-4.jsonl',
  'test/fixtures/corpus/batch-5.jsonl',
];
const OUTPUT = 'utils/classifier/trained-weights.json';

const { values: args } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: { l2: { type: 'string' }, options: { type: 'string' }, corpus: { type: 'string' }, out: { type: 'string' } },
});
const options: LogisticOptions = {
  ...DEFAULT_LOGISTIC,
  ...(args.l2 !== undefined && { l2: Number(args.l2) }),
  ...(args.options !== undefined && (JSON.parse(args.options) as Partial<LogisticOptions>)),
};
const files = args.corpus?.split(',') ?? TRAINING_FILES;
const examples = files
  .flatMap((file) => readFileSync(file, 'utf8').split('\n'))
  .filter((line) => line.trim())
  .map((line) => JSON.parse(line) as { id: string; text: string; label: CategoryId; tag: string; source?: string })
  // excerpts of one source share a fold when the temperature is fitted, as in cross-validation
  .map((post) => ({ text: post.text, label: post.label, watchedTags: [post.tag], group: post.source ?? post.id }));
const table = trainLogistic(examples, inventory as SenseInventory, options);
// Named by what it holds: the same corpus and options give the same version, any change a new one.
const weightsHash = createHash('sha256').update(JSON.stringify(table)).digest('hex').slice(0, 12);
const output = {
  version: `lr.${weightsHash}`,
  trainedOn: files.length === 1 ? { file: files[0], posts: examples.length } : { files, posts: examples.length },
  options,
  table,
};
const json = `${JSON.stringify(output)}\n`;
const target = args.out ?? OUTPUT;
writeFileSync(target, json);
const features = Object.values(table).reduce((sum, section) => sum + (typeof section === 'object' ? Object.keys(section ?? {}).length : 0), 0);
console.log(`Trained on ${examples.length} posts: ${features} weights, ${json.length} bytes, version ${output.version} → ${target}`);
