// Small statistics helpers for the benchmarks. Inputs are not modified.

export interface Figure {
  name: string;
  value: number;
  unit: string;
}

function sorted(values: readonly number[]): number[] {
  if (values.length === 0) throw new Error('no values');
  return [...values].sort((a, b) => a - b);
}

/** The middle value; for an even count, the mean of the two middle values. */
export function median(values: readonly number[]): number {
  const s = sorted(values);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * The p-th percentile by nearest rank: the smallest value with at least p% of the values at or below it
 * (an actual sample, never interpolated). For 20 values, p95 is the 19th smallest.
 */
export function percentile(values: readonly number[], p: number): number {
  const s = sorted(values);
  const rank = Math.max(1, Math.ceil((p / 100) * s.length));
  return s[rank - 1];
}

export function p95(values: readonly number[]): number {
  return percentile(values, 95);
}

export function ms(value: number): string {
  return `${value.toFixed(1)} ms`;
}
