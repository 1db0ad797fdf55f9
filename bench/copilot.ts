/** `npm run bench -- copilot`: offline copilot answer latency on the eval sandbox day, question to answer, p50/p95. */
import { rmSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadCases } from '../src/evals/copilot/eval.ts';
import { copyDay, EVAL_FREEZE, EVAL_USERS, evalDay, openCopilotWorld, playEvalDay } from '../src/evals/copilot/world.ts';
import { ACTING_INTENTS, type IntentName } from '../src/llm/intent/index.ts';
import type { BenchScenario } from './scenario.ts';

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export const copilotBench: BenchScenario = {
  name: 'copilot',
  summary: 'offline copilot answer latency (p50/p95) on the eval sandbox day',
  help: `usage: npm run bench -- copilot [--rounds R]

Plays the copilot eval day (seed 7, 120 orders) through the runtime up to ${EVAL_FREEZE}, opens the copilot with the
offline model and the SOP and decision index, then asks every question of the eval set that only reads (no approvals or
requests), R rounds (default 5) after one warm-up round. Each question is a new conversation, timed from the
message to the answer event (parse, tools, answer, checkpoints). A second series asks them all in one conversation,
as a long chat grows. Prints p50, p95 and max in ms.`,
  async run(args) {
    const { values } = parseArgs({ args, options: { rounds: { type: 'string' } } });
    const rounds = Number(values.rounds ?? 5);
    const questions = loadCases().filter((c) => c.intent === 'none' || !ACTING_INTENTS.has(c.intent as IntentName)).map((c) => c.message);
    const { dir } = await playEvalDay();
    const world = await openCopilotWorld(copyDay(dir), evalDay(), { owned: true });
    try {
      const user = EVAL_USERS.dispatcher;
      for (const q of questions) await world.copilot.turn({ user, message: q });
      const times: number[] = [];
      for (let r = 0; r < rounds; r++) {
        for (const message of questions) {
          const t = performance.now();
          await world.copilot.turn({ user, message });
          times.push(performance.now() - t);
        }
      }
      const long: number[] = [];
      let conversationId: string | undefined;
      for (const message of questions) {
        const t = performance.now();
        conversationId = (await world.copilot.turn({ user, message, conversationId })).conversationId;
        long.push(performance.now() - t);
      }
      const show = (label: string, xs: number[]) => {
        const s = [...xs].sort((a, b) => a - b);
        console.log(`${label}: ${xs.length} answers, p50 ${quantile(s, 0.5).toFixed(1)} ms, p95 ${quantile(s, 0.95).toFixed(1)} ms, max ${s.at(-1)!.toFixed(1)} ms`);
      };
      show(`copilot offline, one question per conversation (${questions.length} questions × ${rounds})`, times);
      show(`copilot offline, one conversation of ${questions.length} turns`, long);
      return 0;
    } finally {
      world.close();
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
