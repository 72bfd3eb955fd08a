/**
 * How far the corpus's two annotations agree: `npm run agreement`.
 * Reads `test/fixtures/corpus/annotations.jsonl` (per post: the first label, the blind second label, and
 * the adjudicated label where they differed) and each corpus file for which posts it holds, and prints per
 * file the raw agreement, Cohen's κ and the macro-F1 of the second annotation against the first; then the
 * same over posts neither annotator marked ambiguous, and how the adjudication went.
 * `--write-adjudicated DIR` also writes the six corpus files to DIR with the adjudicated label in place of
 * the first one wherever the two annotations differ (the corpus README's *Second annotation* trains on them).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORY_IDS, cohenKappa, evaluate } from '../utils/classifier/index';
import type { CategoryId } from '../utils/classifier/index';
import { CORPUS_FILES, corpusFilePath, readAnnotations, readJsonLines, type Annotation } from '../test/fixtures/corpus/annotations';

const annotations = new Map(readAnnotations().map((a) => [a.id, a]));
const fileOf = new Map<string, string>();
for (const file of CORPUS_FILES) {
  for (const post of readJsonLines<{ id: string }>(corpusFilePath(file))) fileOf.set(post.id, file);
}

function row(name: string, items: Annotation[]): string {
  const first = items.map((a) => a.first);
  const second = items.map((a) => a.second);
  const report = evaluate(first, second);
  return [name.padEnd(22), String(items.length).padStart(5), report.accuracy.toFixed(3).padStart(8), cohenKappa(first, second).toFixed(3).padStart(8), report.macroF1.toFixed(3).padStart(9)].join('');
}

const all = [...annotations.values()];
const missing = all.filter((a) => !fileOf.has(a.id));
if (missing.length > 0 || all.length !== fileOf.size) {
  console.error(`annotations and corpus files differ: ${all.length} annotations, ${fileOf.size} posts`);
  process.exit(1);
}
console.log(`${'file'.padEnd(22)}${'posts'.padStart(5)}${'agree'.padStart(8)}${'kappa'.padStart(8)}${'macro-F1'.padStart(9)}`);
for (const file of CORPUS_FILES) console.log(row(`${file}.jsonl`, all.filter((a) => fileOf.get(a.id) === file)));
console.log(row('all', all));
console.log(row('neither ambiguous', all.filter((a) => !a.firstAmbiguous && !a.secondAmbiguous)));

const perContext = evaluate(
  all.map((a) => a.first),
  all.map((a) => a.second),
).perCategory;
console.log(`\nF1 per context: ${CATEGORY_IDS.map((c) => `${c} ${perContext[c].f1.toFixed(2)}`).join(', ')}`);
const disputed = all.filter((a) => a.first !== a.second);
const keptFirst = disputed.filter((a) => a.adjudicated === a.first).length;
const tookSecond = disputed.filter((a) => a.adjudicated === a.second).length;
console.log(`disagreements ${disputed.length}: adjudicated to the first label ${keptFirst}, to the second ${tookSecond}, to a third ${disputed.length - keptFirst - tookSecond}`);

const outIndex = process.argv.indexOf('--write-adjudicated');
if (outIndex !== -1) {
  const dir = process.argv[outIndex + 1];
  if (!dir) throw new Error('--write-adjudicated needs a directory');
  mkdirSync(dir, { recursive: true });
  let relabelled = 0;
  for (const file of CORPUS_FILES) {
    const lines = readFileSync(corpusFilePath(file), 'utf8').split('\n').filter(Boolean);
    const out = lines.map((line) => {
      const post = JSON.parse(line) as { id: string; label: CategoryId };
      const final = annotations.get(post.id)?.adjudicated;
      if (!final || final === post.label) return line;
      relabelled++;
      return JSON.stringify({ ...post, label: final });
    });
    writeFileSync(join(dir, `${file}.jsonl`), `${out.join('\n')}\n`);
  }
  console.log(`wrote the corpus with ${relabelled} adjudicated labels to ${dir}`);
}
