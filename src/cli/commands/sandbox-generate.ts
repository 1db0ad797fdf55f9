/** `marshal sandbox generate`: writes a seeded sandbox day. */
import { generateScenario, serializeScenario } from '../../sandbox/generator/index.ts';
import type { Command } from '../command.ts';
import { writeFileAtomic } from '../files.ts';
import { intFlag, parseFlags } from '../flags.ts';

export const sandboxGenerateCommand: Command = {
  name: 'sandbox generate',
  summary: 'write a seeded sandbox day (depots, fleet, carriers, customers, orders, disruptions)',
  help: `usage: marshal sandbox generate [--seed N] [--orders K] [--depots D] [--vehicles V] [--date YYYY-MM-DD] [--out FILE]

Writes one simulated operating day as JSON: depots, fleet and drivers, 3-5 carriers with lanes and rate cards,
customers with receiving hours and credit terms, stock, and the day's events (orders arriving, picks completing,
a vehicle breakdown, a short pick, a failed delivery). The same flags always give byte-identical output.

  --seed N          seed of every random draw (default 7)
  --orders K        orders in the day, 1-100000 (default 500)
  --depots D        depots, 1-10 (default 2)
  --vehicles V      vehicles across the depots, 1-2000 (default 20)
  --date YYYY-MM-DD the operating day (default 2026-11-23)
  --out FILE        where to write; standard output when absent
`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      seed: { type: 'string' }, orders: { type: 'string' }, depots: { type: 'string' }, vehicles: { type: 'string' },
      date: { type: 'string' }, out: { type: 'string' },
    });
    const day = generateScenario({
      seed: intFlag('seed', values.seed, 7, -2147483648, 4294967295),
      orders: intFlag('orders', values.orders, 500, 1, 100_000),
      depots: intFlag('depots', values.depots, 2, 1, 10),
      vehicles: intFlag('vehicles', values.vehicles, 20, 1, 2000),
      ...(values.date ? { date: values.date } : {}),
    });
    const text = serializeScenario(day);
    if (!values.out) {
      io.out(text);
      return 0;
    }
    writeFileAtomic(values.out, text);
    io.err(`wrote ${values.out}: ${day.events.length} events, ${day.customers.length} customers, ${day.vehicles.length} vehicles, ${day.carriers.length} carriers`);
    return 0;
  },
};
