/** `marshal eval copilot`: the copilot eval on the fixed sandbox day, accuracy by intent and every failure. */
import { rmSync } from 'node:fs';
import { DEFAULT_CASES, loadCases, report, runEval } from '../../evals/copilot/eval.ts';
import { EVAL_DAY, EVAL_FREEZE, evalDay, playEvalDay } from '../../evals/copilot/world.ts';
import type { Command } from '../command.ts';
import { intFlag, parseFlags } from '../flags.ts';

export const evalCopilotCommand: Command = {
  name: 'eval copilot',
  summary: 'run the copilot eval (questions and commands with expected tool calls and facts) on the fixed sandbox day',
  help: `usage: marshal eval copilot [--cases FILE] [--min PCT] [--json]

Generates the eval day (seed ${EVAL_DAY.seed}, ${EVAL_DAY.orders} orders, ${EVAL_DAY.depots} depots, ${EVAL_DAY.vehicles} vehicles), plays it through the agent runtime up to
${EVAL_FREEZE} (about 15 s), then asks the copilot every case: the tool calls and arguments must match and the answer must
contain the case's facts. Cases that act run on their own copy of the day. Prints accuracy overall and by intent,
then every failure. Uses the offline model unless OPENAI_API_KEY or OPENAI_BASE_URL is set.

  --cases FILE  the JSONL dataset (default ${DEFAULT_CASES.replace(`${process.cwd()}/`, '')})
  --min PCT     exit 1 below this accuracy (default 95)
  --json        every case's result as JSON lines instead of the report
`,
  async run(args, io) {
    const { values } = parseFlags(args, { cases: { type: 'string' }, min: { type: 'string' }, json: { type: 'boolean' } });
    const cases = loadCases(values.cases ?? DEFAULT_CASES);
    const min = intFlag('min', values.min, 95, 0, 100);
    io.err(`playing the eval day to ${EVAL_FREEZE}…`);
    const { dir } = await playEvalDay();
    try {
      const results = await runEval(cases, dir, evalDay(), process.env);
      if (values.json) for (const r of results) io.out(JSON.stringify(r));
      else io.out(report(results));
      const accuracy = (100 * results.filter((r) => r.ok).length) / Math.max(1, results.length);
      return accuracy >= min ? 0 : 1;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
