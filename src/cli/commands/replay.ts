/** `marshal replay`: replays a dataset's day under several strategies through the real runtime and writes the reports. */
import { existsSync, readFileSync } from 'node:fs';
import { InputError } from '../../domain/index.ts';
import { DatasetError, formatProblem } from '../../evals/dataset/index.ts';
import { parseReviewer, runReplay, STRATEGIES, strategyByName, writeReport } from '../../evals/replay/index.ts';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policies/index.ts';
import type { Command, Io } from '../command.ts';
import { intFlag, parseFlags } from '../flags.ts';

/** A progress line redrawn in place on a terminal: strategy, simulated time, share of the day, events per second. */
function progressBar(io: Io) {
  let last = 0;
  return (p: { strategy: string; now: number; start: number; end: number; events: number; wallMs: number }) => {
    if (!io.isTty || (p.wallMs - last < 200 && p.now < p.end)) return;
    last = p.wallMs;
    const share = Math.min(1, (p.now - p.start) / Math.max(1, p.end - p.start));
    const bar = '#'.repeat(Math.round(share * 30)).padEnd(30, '-');
    const rate = p.wallMs > 0 ? Math.round((p.events / p.wallMs) * 1000) : 0;
    const into = Math.max(0, p.now - p.start);
    const clock = `${String(Math.floor(into / 3600)).padStart(2, '0')}:${String(Math.floor((into % 3600) / 60)).padStart(2, '0')}`;
    process.stderr.write(`\r${p.strategy.padEnd(10)} [${bar}] ${clock} of the day  ${p.events} events  ${rate} events/s ${p.now >= p.end ? '\n' : ''}`);
  };
}

export const replayCommand: Command = {
  name: 'replay',
  summary: 'replay a dataset under static, greedy and marshal strategies and write a comparison report',
  help: `usage: marshal replay --dataset DIR --out DIR [--strategies static,greedy,marshal] [--seed N] [--policy FILE]
                      [--reviewer approve-all|reject-all|delay:SECONDS] [--tick SECONDS] [--fail-rate P]

Plays the dataset's operating day (evals/datasets/README.md) on a simulated clock through the same runtime as
production (inbox, agent graph, policy gate, decision log, outbox, over the sandbox), once per strategy, with the
road simulator driving the stored plan and its events (deliveries, failed attempts, returns, breakdowns) ingested
back. Writes report.json, timing.json, report.md and report.html into --out (see src/evals/replay/README.md).

  --dataset DIR     the dataset; a bad one is refused with every bad row listed
  --out DIR         where the reports go (made if absent)
  --strategies LIST comma-separated, from: ${STRATEGIES.map((s) => s.name).join(', ')} (default all)
  --seed N          seed of the road (travel noise, failed attempts) and the sandbox (default 7)
  --policy FILE     the autonomy policy under test (default policies/default.json)
  --reviewer R      how L1 reviews are answered: approve-all (default), reject-all, delay:SECONDS (approve after)
  --tick SECONDS    simulated seconds between road steps (default 60)
  --fail-rate P     chance of a failed first attempt where the dataset names none, 0..1 (default 0.02)

The same dataset, policy and seed give a byte-identical report.json and the same decision log head hashes;
timing.json holds the wall-clock figures (run time, events per second, decision latency), which differ run to run.
`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      dataset: { type: 'string' }, out: { type: 'string' }, strategies: { type: 'string' }, seed: { type: 'string' }, policy: { type: 'string' },
      reviewer: { type: 'string' }, tick: { type: 'string' }, 'fail-rate': { type: 'string' },
    });
    const issues = [];
    if (!values.dataset) issues.push({ path: '--dataset', reason: 'is required' });
    if (!values.out) issues.push({ path: '--out', reason: 'is required' });
    if (issues.length > 0 || !values.dataset || !values.out) throw new InputError('bad_usage', issues);
    const strategies = (values.strategies ?? STRATEGIES.map((s) => s.name).join(',')).split(',').map((s) => s.trim()).filter(Boolean).map((name) => {
      try {
        return strategyByName(name);
      } catch (error) {
        throw new InputError('bad_flag', [{ path: '--strategies', reason: error instanceof Error ? error.message : String(error) }]);
      }
    });
    const policySource = values.policy ?? DEFAULT_POLICY_PATH;
    if (!existsSync(policySource)) throw new InputError('no_policy_file', [{ path: '--policy', reason: `${policySource} does not exist` }]);
    const policy = loadPolicy(readFileSync(policySource, 'utf8'), policySource);
    const failRate = values['fail-rate'] === undefined ? undefined : Number(values['fail-rate']);
    if (failRate !== undefined && !(failRate >= 0 && failRate <= 1)) throw new InputError('bad_flag', [{ path: '--fail-rate', reason: `must be a number from 0 to 1, got '${values['fail-rate']}'` }]);
    try {
      const result = await runReplay({
        datasetDir: values.dataset, strategies, seed: intFlag('seed', values.seed, 7, 0, 2 ** 31 - 1), policy,
        policySource: values.policy ? policySource : 'default', reviewer: parseReviewer(values.reviewer ?? 'approve-all'),
        tickSeconds: intFlag('tick', values.tick, 60, 1, 3600), ...(failRate !== undefined ? { firstAttemptFailure: failRate } : {}), onProgress: progressBar(io),
      });
      const files = writeReport(values.out, result);
      for (const run of result.report.runs) {
        const k = run.kpis;
        io.out(`${run.strategy.padEnd(10)} on time ${k.onTimePct ?? '–'}%  cost/delivery ${k.cost.perDeliveryMinor === null ? '–' : (k.cost.perDeliveryMinor / 100).toFixed(2)} ${k.cost.currency}  log head ${run.decisionLog.headHash.slice(0, 16)}`);
      }
      io.err(`wrote ${files.join(', ')}`);
      return 0;
    } catch (error) {
      if (!(error instanceof DatasetError)) throw error;
      for (const p of error.problems) io.err(formatProblem(p));
      io.err(`${values.dataset}: refused, ${error.problems.length} problem${error.problems.length === 1 ? '' : 's'}`);
      return 1;
    }
  },
};
