/** `npm run bench -- sandbox`: how long generating a sandbox day takes, by size. */
import { parseArgs } from 'node:util';
import { generateScenario, serializeScenario } from '../src/sandbox/generator/index.ts';
import type { BenchScenario } from './scenario.ts';

export const sandboxBench: BenchScenario = {
  name: 'sandbox',
  summary: 'sandbox day generation time (500 and 10,000 orders)',
  help: `usage: npm run bench -- sandbox [--runs R]

Generates and serializes days of 500 orders (2 depots, 20 vehicles) and 10,000 orders (4 depots, 200 vehicles);
prints the median of R runs (default 5).`,
  async run(args) {
    const { values } = parseArgs({ args, options: { runs: { type: 'string' } } });
    const runs = Number(values.runs ?? 5);
    for (const [orders, depots, vehicles] of [[500, 2, 20], [10_000, 4, 200]] as const) {
      const times: number[] = [];
      for (let r = 0; r < runs; r++) {
        const t = performance.now();
        serializeScenario(generateScenario({ seed: 7 + r, orders, depots, vehicles }));
        times.push(performance.now() - t);
      }
      times.sort((a, b) => a - b);
      console.log(`generate + serialize ${orders} orders: median ${times[Math.floor(runs / 2)]!.toFixed(0)} ms over ${runs} runs`);
    }
    return 0;
  },
};
