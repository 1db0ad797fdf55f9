/** `npm run bench`: lists the scenarios, or runs the one named (`all` runs every scenario with its defaults). */
import { copilotBench } from './copilot.ts';
import { knowledgeBench } from './knowledge.ts';
import { ingestBench } from './ingest.ts';
import { ledgerBench } from './ledger.ts';
import { pickDecisionBench } from './pick-decision.ts';
import { replayBench } from './replay.ts';
import { sandboxBench } from './sandbox.ts';
import type { BenchScenario } from './scenario.ts';
import { incrementalScenario } from './optimizer/incremental.ts';
import { largeScenario } from './optimizer/large.ts';
import { solomonScenario } from './solomon/scenario.ts';

const scenarios: BenchScenario[] = [ledgerBench, solomonScenario, incrementalScenario, largeScenario, sandboxBench, knowledgeBench, ingestBench, pickDecisionBench, copilotBench, replayBench];

function usage(): string {
  const rows = scenarios.map((s) => `  ${s.name.padEnd(16)} ${s.summary}`).join('\n');
  return `usage: npm run bench -- <scenario> [flags]   (--help after a scenario for its flags)\n\nscenarios:\n${rows}\n  all              every scenario above with its default flags\n`;
}

/** Entry point of bin/bench.mjs. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h') {
    process.stdout.write(usage());
    return 0;
  }
  if (name === 'all') {
    let code = 0;
    for (const s of scenarios) code = Math.max(code, await s.run([]));
    return code;
  }
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    process.stderr.write(`unknown scenario '${name}'\n\n${usage()}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${scenario.help}\n`);
    return 0;
  }
  return scenario.run(rest);
}
