/** The files a dataset directory may hold: its manifest and known tables; anything else is a mistake to name. */
import { readdirSync } from 'node:fs';
import type { DatasetProblem } from './problem.ts';

/** Levenshtein distance, for "did you mean". */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/**
 * A problem for each file of `dir` that is neither `manifest` nor `<table>.csv|jsonl` of a known table, so a misspelled
 * optional table (`disruption.csv`, `orders.CSV`) is not silently skipped. Hidden files and README.md are left alone.
 */
export function unknownFiles(dir: string, manifest: string, tables: readonly string[]): DatasetProblem[] {
  const known = [manifest, ...tables.flatMap((t) => [`${t}.csv`, `${t}.jsonl`])];
  const problems: DatasetProblem[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (known.includes(name) || name.startsWith('.') || name === 'README.md') continue;
    const guess = [...known].sort((a, b) => distance(name.toLowerCase(), a) - distance(name.toLowerCase(), b))[0]!;
    const near = distance(name.toLowerCase(), guess) <= 3;
    problems.push({ file: name, field: '(file)', reason: `not a dataset file${near ? `: did you mean ${guess}?` : ` (expected ${known.join(', ')})`}` });
  }
  return problems;
}
