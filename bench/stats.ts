export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const mean = (values: readonly number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
export const median = (values: readonly number[]) => percentile(values, 50);
export const round = (value: number, digits = 3) => Number.isFinite(value) ? Number(value.toFixed(digits)) : value;

/** Two-sided 95 % quantiles of Student's t by degrees of freedom (rows in between use the smaller df: wider). */
const T95: readonly [number, number][] = [
  [1, 12.706], [2, 4.303], [3, 3.182], [4, 2.776], [5, 2.571], [6, 2.447], [7, 2.365], [8, 2.306], [9, 2.262],
  [10, 2.228], [12, 2.179], [15, 2.131], [20, 2.086], [30, 2.042], [60, 2.0], [120, 1.98],
];

function t95(df: number): number {
  if (df >= 1000) return 1.96;
  let t = T95[0]![1];
  for (const [rowDf, value] of T95) if (df >= rowDf) t = value;
  return t;
}

const variance = (values: readonly number[]) => {
  const m = mean(values);
  return values.reduce((sum, v) => sum + (v - m) ** 2, 0) / (values.length - 1);
};

/**
 * The difference of two means (`a` − `b`) with its 95 % confidence interval (Welch: unequal variances, few runs).
 * NaN bounds when either side has fewer than two values.
 */
export function differenceInterval(a: readonly number[], b: readonly number[]): { difference: number; low: number; high: number } {
  const difference = mean(a) - mean(b);
  if (a.length < 2 || b.length < 2) return { difference, low: NaN, high: NaN };
  const [va, vb] = [variance(a) / a.length, variance(b) / b.length];
  const se = Math.sqrt(va + vb);
  if (se === 0) return { difference, low: difference, high: difference };
  const df = (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1));
  const margin = t95(df) * se;
  return { difference, low: difference - margin, high: difference + margin };
}
