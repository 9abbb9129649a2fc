// One measured figure as `npm run bench` prints it, with the budget from the issue it answers to.
export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
  /** The budget, when the issue sets one; `lowerIsBetter` says which side passes. */
  budget?: number;
  lowerIsBetter?: boolean;
  /** Free text shown after the figure (e.g. the raw numbers the budget is derived from). */
  note?: string;
}

/** Median of a non-empty list of numbers. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
