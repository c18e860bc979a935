/** Small helpers for benchmark reports. Benchmarks print numbers; they never assert timing. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] as number;
}

export function summary(values: number[]): { n: number; median: number; p99: number; max: number } {
  return { n: values.length, median: round(percentile(values, 50)), p99: round(percentile(values, 99)), max: round(Math.max(...values)) };
}

export const round = (x: number, digits = 1) => Math.round(x * 10 ** digits) / 10 ** digits;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one machine. */
export const wallNow = () => performance.timeOrigin + performance.now();

export async function writeResult(name: string, result: unknown): Promise<void> {
  const { mkdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const dir = path.resolve(import.meta.dirname, 'results');
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, `${name}.json`), `${JSON.stringify({ at: new Date().toISOString(), ...(result as object) }, null, 2)}\n`);
}
