/**
 * Evaluation metrics shared by `scripts/eval.ts` and the tests. Pure functions, no I/O.
 */
import { CATEGORY_IDS } from './types';
import type { CategoryId } from './types';

export interface PerCategoryMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Number of gold examples of the category. */
  support: number;
  /** Number of predictions of the category. */
  predicted: number;
}

export interface EvaluationReport {
  n: number;
  accuracy: number;
  macroF1: number;
  /** Macro-F1 over the categories that occur in the gold labels or the predictions. */
  perCategory: Record<CategoryId, PerCategoryMetrics>;
  /** confusion[gold][predicted] = count. */
  confusion: Record<CategoryId, Record<CategoryId, number>>;
  /** Share of examples where the classifier abstained (undefined when not tracked). */
  abstentionRate?: number;
}

function emptyRow(): Record<CategoryId, number> {
  const row = {} as Record<CategoryId, number>;
  for (const c of CATEGORY_IDS) row[c] = 0;
  return row;
}

/** Confusion matrix: rows are gold labels, columns predictions. */
export function confusionMatrix(
  gold: readonly CategoryId[],
  predicted: readonly CategoryId[],
): Record<CategoryId, Record<CategoryId, number>> {
  if (gold.length !== predicted.length) throw new Error('gold and predicted differ in length');
  const m = {} as Record<CategoryId, Record<CategoryId, number>>;
  for (const c of CATEGORY_IDS) m[c] = emptyRow();
  for (let i = 0; i < gold.length; i++) m[gold[i]!][predicted[i]!]++;
  return m;
}

/** F1 from precision and recall (0 when both are 0). */
export function f1Score(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/**
 * Precision, recall, F1 per category, accuracy and macro-F1. Macro-F1 averages over the categories
 * present in gold or predictions (a category absent from both carries no information); precision of a
 * never-predicted category is 0.
 */
export function evaluate(
  gold: readonly CategoryId[],
  predicted: readonly CategoryId[],
  abstained?: readonly boolean[],
): EvaluationReport {
  const confusion = confusionMatrix(gold, predicted);
  const n = gold.length;
  let correct = 0;
  for (const c of CATEGORY_IDS) correct += confusion[c][c];
  const perCategory = {} as Record<CategoryId, PerCategoryMetrics>;
  let f1Sum = 0;
  let present = 0;
  for (const c of CATEGORY_IDS) {
    let support = 0;
    let predictedCount = 0;
    for (const d of CATEGORY_IDS) {
      support += confusion[c][d];
      predictedCount += confusion[d][c];
    }
    const tp = confusion[c][c];
    const precision = predictedCount === 0 ? 0 : tp / predictedCount;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = f1Score(precision, recall);
    perCategory[c] = { precision, recall, f1, support, predicted: predictedCount };
    if (support > 0 || predictedCount > 0) {
      f1Sum += f1;
      present++;
    }
  }
  const report: EvaluationReport = {
    n,
    accuracy: n === 0 ? 0 : correct / n,
    macroF1: present === 0 ? 0 : f1Sum / present,
    perCategory,
    confusion,
  };
  if (abstained) report.abstentionRate = n === 0 ? 0 : abstained.filter(Boolean).length / n;
  return report;
}

/** The most frequent label (ties broken by CATEGORY_IDS order). */
export function majorityClass(labels: readonly CategoryId[]): CategoryId {
  const counts = emptyRow();
  for (const l of labels) counts[l]++;
  let best: CategoryId = CATEGORY_IDS[0];
  for (const c of CATEGORY_IDS) if (counts[c] > counts[best]) best = c;
  return best;
}

/** `macro-F1 0.912 accuracy 0.955 n 88` — the summary line printed last by the eval script. */
export function summaryLine(report: Pick<EvaluationReport, 'macroF1' | 'accuracy' | 'n'>): string {
  return `macro-F1 ${report.macroF1.toFixed(3)} accuracy ${report.accuracy.toFixed(3)} n ${report.n}`;
}

/** A fixed-width text table of the confusion matrix. */
export function formatConfusion(confusion: Record<CategoryId, Record<CategoryId, number>>): string {
  const short: Record<CategoryId, string> = {
    legislation: 'legis',
    network_protocol: 'netproto',
    civic_recruiting: 'civic',
    other: 'other',
  };
  const w = 10;
  const lines = ['gold \\ predicted'.padEnd(18) + CATEGORY_IDS.map((c) => short[c].padStart(w)).join('')];
  for (const g of CATEGORY_IDS) {
    lines.push(g.padEnd(18) + CATEGORY_IDS.map((p) => String(confusion[g][p]).padStart(w)).join(''));
  }
  return lines.join('\n');
}

/**
 * Expected calibration error: the gap between stated confidence and the share of right answers, per
 * confidence bin (`bins` equal-width bins from 0 to 1), averaged with the bins' sizes as weights. 0 is
 * perfectly calibrated; a classifier that says 0.9 and is right 8 times in 10 scores 0.1.
 */
export function calibrationError(confidences: readonly number[], correct: readonly boolean[], bins = 10): number {
  if (confidences.length !== correct.length) throw new Error('confidences and correct differ in length');
  if (confidences.length === 0) return 0;
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const rightSum = new Array<number>(bins).fill(0);
  confidences.forEach((confidence, i) => {
    const c = Math.min(1, Math.max(0, confidence));
    const bin = Math.min(bins - 1, Math.floor(c * bins));
    count[bin]!++;
    confidenceSum[bin]! += c;
    if (correct[i]) rightSum[bin]!++;
  });
  let error = 0;
  for (let bin = 0; bin < bins; bin++) {
    if (count[bin] === 0) continue;
    error += Math.abs(confidenceSum[bin]! - rightSum[bin]!) / confidences.length;
  }
  return error;
}

/**
 * Cohen's κ of two annotations of the same items: their agreement beyond what two annotators with the
 * same label frequencies would reach by chance. 1 is full agreement, 0 chance level; 1 when both
 * annotations use one and the same label throughout (nothing left to agree on by chance).
 */
export function cohenKappa(first: readonly CategoryId[], second: readonly CategoryId[]): number {
  const confusion = confusionMatrix(first, second);
  const n = first.length;
  if (n === 0) return 0;
  let observed = 0;
  let expected = 0;
  for (const c of CATEGORY_IDS) {
    observed += confusion[c][c] / n;
    let firstCount = 0;
    let secondCount = 0;
    for (const d of CATEGORY_IDS) {
      firstCount += confusion[c][d];
      secondCount += confusion[d][c];
    }
    expected += (firstCount / n) * (secondCount / n);
  }
  return expected === 1 ? 1 : (observed - expected) / (1 - expected);
}
