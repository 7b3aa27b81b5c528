/** One benchmark figure, in the project's format: `BENCH NAME METRIC=VALUE target=TARGET`. */
export function report(name: string, metric: string, value: number | string, target?: string): void {
  const v = typeof value === 'number' ? (Number.isInteger(value) ? String(value) : value.toFixed(3)) : value;
  console.log(`BENCH ${name} ${metric}=${v}${target ? ` target=${target}` : ''}`);
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i] ?? NaN;
}
