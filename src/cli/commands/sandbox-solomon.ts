/** `marshal sandbox solomon`: turns a Solomon VRPTW instance into a sandbox day. */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { InputError } from '../../domain/index.ts';
import { serializeScenario } from '../../sandbox/generator/index.ts';
import { solomonScenario } from '../../sandbox/solomon/index.ts';
import type { Command } from '../command.ts';
import { writeFileAtomic } from '../files.ts';
import { parseFlags } from '../flags.ts';

export const sandboxSolomonCommand: Command = {
  name: 'sandbox solomon',
  summary: 'turn a Solomon VRPTW instance file into a sandbox day',
  help: `usage: marshal sandbox solomon FILE [--date YYYY-MM-DD] [--out FILE]

Reads a Solomon-format instance (c101.txt...) and writes a sandbox day: one depot, one customer and order per
Solomon customer with its demand, time window and service time, and the instance's fleet.

  --date YYYY-MM-DD the operating day (default 2026-11-23)
  --out FILE        where to write; standard output when absent
`,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { date: { type: 'string' }, out: { type: 'string' } }, true);
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new InputError('bad_usage', [{ path: 'FILE', reason: 'give exactly one Solomon instance file' }]);
    const name = basename(file).replace(/\.txt$/i, '');
    const day = solomonScenario(readFileSync(file, 'utf8'), name, values.date ? { date: values.date } : {});
    const text = serializeScenario(day);
    if (values.out) writeFileAtomic(values.out, text);
    else io.out(text);
    return 0;
  },
};
