/** A whole replay: load and check the dataset, play it once per strategy, and build the report (and its files). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../policies/index.ts';
import { DatasetError, loadDataset } from '../dataset/index.ts';
import { buildReport, deterministicPart, pathsOf, type Report, reportHtml, reportMarkdown, type VehiclePath } from '../report/index.ts';
import { replayDayOf } from './day.ts';
import { type ReplayOptions, replayStrategy } from './engine.ts';
import type { RunRecord } from './record.ts';
import { type ReviewerSpec, reviewerText } from './reviewer.ts';
import type { Strategy } from './strategy.ts';

export interface ReplayRequest {
  datasetDir: string;
  strategies: readonly Strategy[];
  seed: number;
  policy: Policy;
  policySource: string;
  reviewer: ReviewerSpec;
  tickSeconds?: number;
  firstAttemptFailure?: number;
  onProgress?: ReplayOptions['onProgress'];
}

export interface ReplayResult {
  report: Report;
  records: RunRecord[];
  /** Each strategy's driven routes, for the map. */
  paths: Map<string, VehiclePath[]>;
}

/** Runs the replay; a bad dataset is refused with every problem (DatasetError) before anything runs. */
export async function runReplay(request: ReplayRequest): Promise<ReplayResult> {
  const loaded = loadDataset(request.datasetDir);
  if (!loaded.ok) throw new DatasetError(loaded.problems, request.datasetDir);
  const replay = replayDayOf(loaded.dataset, request.seed);
  const runs: { strategy: Strategy; record: RunRecord }[] = [];
  for (const strategy of request.strategies) {
    const record = await replayStrategy(replay, strategy, {
      seed: request.seed, policy: request.policy, policySource: request.policySource, reviewer: request.reviewer,
      ...(request.tickSeconds ? { tickSeconds: request.tickSeconds } : {}),
      ...(request.firstAttemptFailure !== undefined ? { firstAttemptFailure: request.firstAttemptFailure } : {}),
      ...(request.onProgress ? { onProgress: request.onProgress } : {}),
    });
    runs.push({ strategy, record });
  }
  const report = buildReport({
    dataset: loaded.dataset, replay, runs, seed: request.seed, policy: request.policy, policySource: request.policySource, reviewer: reviewerText(request.reviewer),
  });
  return { report, records: runs.map((r) => r.record), paths: new Map(runs.map((r) => [r.strategy.name, pathsOf(replay, r.record)])) };
}

/**
 * Writes report.json (deterministic: the same bytes for the same dataset, policy and seed), timing.json (wall clock),
 * report.md and report.html into `dir` (made if absent); returns their paths.
 */
export function writeReport(dir: string, result: ReplayResult): string[] {
  mkdirSync(dir, { recursive: true });
  const files = [
    [join(dir, 'report.json'), `${JSON.stringify(deterministicPart(result.report), null, 2)}\n`],
    [join(dir, 'timing.json'), `${JSON.stringify(result.report.timing, null, 2)}\n`],
    [join(dir, 'report.md'), reportMarkdown(result.report)],
    [join(dir, 'report.html'), reportHtml(result.report, result.paths)],
  ] as const;
  for (const [path, text] of files) writeFileSync(path, text);
  return files.map(([path]) => path);
}
