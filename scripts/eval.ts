/**
 * Evaluate the classifier on a labelled JSON-lines file: `npm run eval -- FILE.jsonl [--json]`.
 * Lines: `{"id", "tag", "text" (or "html"), "label"}`. Prints per-category precision/recall/F1, the
 * confusion matrix, the abstention rate, the misclassified posts, and two baselines on the same file
 * (majority class; a user-style keyword filter). The last line is `macro-F1 <x> accuracy <y> n <N>`.
 * `--json` prints the same data as one JSON object instead. Bad lines go to stderr (exit code 1).
 * `--cv K` cross-validates instead: each of K folds (posts of one `source` stay together) is classified
 * by the lexicon plus logistic regression trained on the other folds. `--nested` (with `--cv`) also picks
 * the L2 penalty inside each outer fold by an inner 4-fold cross-validation of its training posts.
 * `--repeat R` (with `--cv`) also runs R - 1 other assignments of sources to folds and prints the mean
 * macro-F1 over all R (the report above it is assignment 0, the usual folds); one assignment's number
 * moves by about ±0.007 from another's, so compare variants on the mean.
 * `--options JSON` (with `--cv`) trains each fold with DEFAULT_LOGISTIC changed by these fields, e.g.
 * `--options '{"stemLength":7}'`, to cross-validate a variant without editing train.ts.
 */
import { readFileSync } from 'node:fs';
import {
  CATEGORY_IDS,
  CLASSIFIER_VERSION,
  DEFAULT_INVENTORY,
  DEFAULT_LOGISTIC,
  DEFAULT_THRESHOLD,
  classifyPost,
  crossValidate,
  nestedCrossValidate,
  evaluate,
  calibrationError,
  formatConfusion,
  htmlToText,
  keywordBaseline,
  majorityClass,
  summaryLine,
} from '../utils/classifier/index';
import type { CategoryId, EvaluationReport, LogisticOptions, Reason } from '../utils/classifier/index';

interface Example {
  id: string | number;
  tag?: string;
  source?: string;
  text: string;
  label: CategoryId;
}

function parse(input: string): { examples: Example[]; bad: number } {
  const examples: Example[] = [];
  let bad = 0;
  input.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    const complain = (msg: string): void => {
      bad++;
      process.stderr.write(`line ${index + 1}: ${msg}\n`);
    };
    let r: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(line);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return complain('expected a JSON object');
      r = parsed as Record<string, unknown>;
    } catch (error) {
      return complain(`invalid JSON (${(error as Error).message})`);
    }
    if (typeof r.id !== 'string' && typeof r.id !== 'number') return complain('missing "id"');
    const text = typeof r.text === 'string' ? r.text : typeof r.html === 'string' ? htmlToText(r.html) : undefined;
    if (text === undefined) return complain('missing "text" or "html"');
    if (typeof r.label !== 'string' || !(CATEGORY_IDS as readonly string[]).includes(r.label)) {
      return complain(`"label" must be one of ${CATEGORY_IDS.join(', ')}`);
    }
    if (r.tag !== undefined && typeof r.tag !== 'string') return complain('"tag" must be a string');
    const source = typeof r.source === 'string' ? r.source : undefined;
    examples.push({ id: r.id, tag: r.tag as string | undefined, source, text, label: r.label as CategoryId });
  });
  return { examples, bad };
}

function pct(x: number): string {
  return x.toFixed(3);
}

function main(argv: string[]): number {
  const args = argv.filter((a) => a !== '--');
  const json = args.includes('--json');
  const cvAt = args.indexOf('--cv');
  const folds = cvAt >= 0 ? Number(args[cvAt + 1]) : 0;
  if (cvAt >= 0 && !(Number.isInteger(folds) && folds >= 2)) {
    process.stderr.write('--cv needs a number of folds, 2 or more\n');
    return 2;
  }
  const repeatAt = args.indexOf('--repeat');
  const repeats = repeatAt >= 0 ? Number(args[repeatAt + 1]) : 1;
  if (repeatAt >= 0 && !(Number.isInteger(repeats) && repeats >= 1 && cvAt >= 0)) {
    process.stderr.write('--repeat needs --cv and a number of fold assignments, 1 or more\n');
    return 2;
  }
  const optionsAt = args.indexOf('--options');
  let options: LogisticOptions = DEFAULT_LOGISTIC;
  if (optionsAt >= 0) {
    try {
      const changes: unknown = JSON.parse(args[optionsAt + 1] ?? '');
      if (cvAt < 0 || changes === null || typeof changes !== 'object' || Array.isArray(changes)) throw new Error('expected a JSON object');
      options = { ...DEFAULT_LOGISTIC, ...(changes as Partial<LogisticOptions>) };
    } catch (error) {
      process.stderr.write(`--options needs --cv and a JSON object of training options (${(error as Error).message})\n`);
      return 2;
    }
  }
  const valueAt = new Set([cvAt, repeatAt, optionsAt].filter((i) => i >= 0).map((i) => i + 1));
  const file = args.find((a, i) => !a.startsWith('--') && !valueAt.has(i));
  if (!file) {
    process.stderr.write('usage: npm run eval -- FILE.jsonl [--json]\n');
    return 2;
  }
  let input: string;
  try {
    input = readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    process.stderr.write(`cannot read ${file}: ${(error as Error).message}\n`);
    return 2;
  }
  const { examples, bad } = parse(input);
  const gold = examples.map((e) => e.label);
  const predicted: CategoryId[] = [];
  const abstained: boolean[] = [];
  const errors: Array<{ id: string | number; gold: CategoryId; predicted: CategoryId; confidence: number; abstained: boolean; reasons: Reason[] }> = [];
  const watchedTagsOf = (e: Example) => (e.tag ? [e.tag] : []);
  const nested = args.includes('--nested') && folds > 0;
  const labelled = examples.map((e) => ({ text: e.text, label: e.label, watchedTags: watchedTagsOf(e), group: e.source ?? String(e.id) }));
  let picked: number[] | undefined;
  let results;
  /** Macro-F1 per fold assignment (with --repeat). */
  const repeatedF1: number[] = [];
  for (let repeat = 0; repeat < (folds ? repeats : 1); repeat++) {
    let run;
    if (nested) {
      const out = nestedCrossValidate(labelled, folds, DEFAULT_INVENTORY, options, undefined, undefined, repeat);
      run = out.predicted;
      if (repeat === 0) picked = out.picked;
    } else if (folds) run = crossValidate(labelled, folds, DEFAULT_INVENTORY, options, undefined, repeat);
    else run = examples.map((e) => classifyPost({ text: e.text, watchedTags: watchedTagsOf(e) }));
    if (repeat === 0) results = run;
    repeatedF1.push(evaluate(gold, run.map((r) => r.category)).macroF1);
  }
  results = results!;
  examples.forEach((e, index) => {
    const r = results[index]!;
    predicted.push(r.category);
    abstained.push(r.abstained);
    if (r.category !== e.label) {
      errors.push({ id: e.id, gold: e.label, predicted: r.category, confidence: Math.round(r.confidence * 1000) / 1000, abstained: r.abstained, reasons: r.reasons });
    }
  });
  const report = evaluate(gold, predicted, abstained);
  const calibration = calibrationError(
    results.map((r) => r.confidence),
    results.map((r, index) => r.category === gold[index]),
  );
  const majority = gold.length > 0 ? majorityClass(gold) : 'other';
  const majorityReport = evaluate(gold, gold.map(() => majority));
  const keywordReport = evaluate(gold, examples.map((e) => keywordBaseline(e.text)));
  const brief = (r: EvaluationReport) => ({ accuracy: r.accuracy, macroF1: r.macroF1, perCategory: r.perCategory, confusion: r.confusion });

  if (json) {
    process.stdout.write(
      JSON.stringify({
        file,
        classifierVersion: CLASSIFIER_VERSION,
        crossValidationFolds: folds || undefined,
        nestedL2Picks: picked,
        repeatedMacroF1: repeatAt >= 0 ? repeatedF1 : undefined,
        trainingOptions: optionsAt >= 0 ? options : undefined,
        threshold: DEFAULT_THRESHOLD,
        n: report.n,
        badLines: bad,
        accuracy: report.accuracy,
        macroF1: report.macroF1,
        abstentionRate: report.abstentionRate ?? 0,
        calibrationError: calibration,
        perCategory: report.perCategory,
        confusion: report.confusion,
        errors,
        baselines: {
          majority: { category: majority, ...brief(majorityReport) },
          keyword: brief(keywordReport),
        },
      }) + '\n',
    );
    return bad > 0 ? 1 : 0;
  }

  const lines: string[] = [];
  const mode = folds
    ? `${folds}-fold ${nested ? 'nested ' : ''}cross-validation (lexicon + logistic regression trained on the other folds${picked ? `; L2 picked per fold: ${picked.join(', ')}` : ''})`
    : `classifier ${CLASSIFIER_VERSION}`;
  lines.push(`${mode}, threshold ${DEFAULT_THRESHOLD}, file ${file}`);
  if (optionsAt >= 0) lines.push(`training options ${JSON.stringify(options)}`);
  lines.push('');
  lines.push('category            precision  recall      F1  support  predicted');
  for (const c of CATEGORY_IDS) {
    const m = report.perCategory[c];
    lines.push(
      `${c.padEnd(18)}${pct(m.precision).padStart(11)}${pct(m.recall).padStart(8)}${pct(m.f1).padStart(8)}${String(m.support).padStart(9)}${String(m.predicted).padStart(11)}`,
    );
  }
  lines.push('');
  lines.push(formatConfusion(report.confusion));
  lines.push('');
  lines.push(`abstention rate ${pct(report.abstentionRate ?? 0)} (${abstained.filter(Boolean).length} of ${report.n} answered other for lack of evidence)`);
  lines.push(`calibration error ${pct(calibration)} (expected calibration error of the stated confidence, 10 bins)`);
  lines.push('');
  lines.push('baselines on the same file:');
  lines.push(`  majority class (${majority})   macro-F1 ${pct(majorityReport.macroF1)} accuracy ${pct(majorityReport.accuracy)}`);
  lines.push(`  keyword filter              macro-F1 ${pct(keywordReport.macroF1)} accuracy ${pct(keywordReport.accuracy)}`);
  lines.push(`  this classifier             macro-F1 ${pct(report.macroF1)} accuracy ${pct(report.accuracy)}`);
  if (errors.length > 0) {
    lines.push('');
    lines.push(`misclassified (${errors.length}):`);
    for (const e of errors) {
      const why = e.reasons.map((r) => r.label).join(', ');
      lines.push(`  ${e.id}: gold ${e.gold}, predicted ${e.predicted} (${pct(e.confidence)}${e.abstained ? ', abstained' : ''})${why ? ` — ${why}` : ''}`);
    }
  }
  if (repeatAt >= 0) {
    const mean = repeatedF1.reduce((sum, x) => sum + x, 0) / repeatedF1.length;
    const sd = Math.sqrt(repeatedF1.reduce((sum, x) => sum + (x - mean) ** 2, 0) / Math.max(1, repeatedF1.length - 1));
    lines.push('');
    lines.push(`${repeatedF1.length} fold assignments: macro-F1 ${repeatedF1.map(pct).join(' ')}; mean ${pct(mean)}, sd ${pct(sd)}`);
  }
  if (bad > 0) lines.push(`\n${bad} bad line${bad === 1 ? '' : 's'} skipped (see stderr)`);
  lines.push('');
  lines.push(summaryLine(report));
  process.stdout.write(lines.join('\n') + '\n');
  return bad > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
