import { describe, expect, it } from 'vitest';
import { differenceInterval } from '../../bench/stats';

describe('bench statistics', () => {
  it('differenceInterval: the difference of the means, within a Welch 95 % interval', () => {
    // equal variances and sizes: df = 4, t = 2.776; se = sqrt(1/3 + 1/3)
    const { difference, low, high } = differenceInterval([11, 12, 13], [1, 2, 3]);
    expect(difference).toBe(10);
    expect(high - difference).toBeCloseTo(2.776 * Math.sqrt(2 / 3), 3);
    expect(difference - low).toBeCloseTo(high - difference, 9);
  });

  it('differenceInterval: wider for noisier runs, a point for identical ones, unknown for one run', () => {
    const calm = differenceInterval([10, 10.1, 9.9], [0, 0.1, -0.1]);
    const noisy = differenceInterval([8, 10, 12], [-2, 0, 2]);
    expect(noisy.high - noisy.low).toBeGreaterThan(10 * (calm.high - calm.low));
    expect(differenceInterval([5, 5], [2, 2])).toEqual({ difference: 3, low: 3, high: 3 });
    expect(differenceInterval([5], [2, 3]).low).toBeNaN();
  });

  it('differenceInterval: unequal variances take the smaller degrees of freedom (a wider interval)', () => {
    // all the variance on one side of 3 runs: df ≈ 2, t = 4.303
    const { difference, high } = differenceInterval([0, 3, 6], [1, 1, 1]);
    expect(difference).toBe(2);
    expect(high - difference).toBeCloseTo(4.303 * Math.sqrt(9 / 3), 3);
  });
});
