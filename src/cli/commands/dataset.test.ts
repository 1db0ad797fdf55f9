/** `marshal dataset import` writes a dataset that `marshal dataset check` accepts; a bad one is refused row by row. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../main.ts';

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTty: false });
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'marshal-dataset-cli-'));
const c101 = new URL('../../../../shared/benchmarks/solomon/c101.txt', import.meta.url).pathname;

describe('marshal dataset', () => {
  it('imports a sandbox day and a Solomon file into datasets that check clean', async () => {
    const dir = tmp();
    expect((await run('sandbox', 'generate', '--seed', '3', '--orders', '40', '--vehicles', '4', '--out', join(dir, 'day.json'))).code).toBe(0);
    const day = await run('dataset', 'import', '--from', 'sandbox-day', join(dir, 'day.json'), '--out', join(dir, 'day'));
    expect(day).toMatchObject({ code: 0, err: expect.stringContaining('40 orders, 4 vehicles') });
    expect(await run('dataset', 'check', join(dir, 'day'))).toMatchObject({ code: 0, out: expect.stringContaining(': ok, 40 orders') });
    const sol = await run('dataset', 'import', '--from', 'solomon', c101, '--out', join(dir, 'c101'));
    expect(sol).toMatchObject({ code: 0, err: expect.stringContaining('100 orders, 25 vehicles') });
    // A second import into the same directory would mix two days: refused unless forced.
    expect(await run('dataset', 'import', '--from', 'solomon', c101, '--out', join(dir, 'c101'))).toMatchObject({ code: 1, err: expect.stringContaining('is not empty') });
  });

  it('refuses a bad dataset and lists every bad row', async () => {
    const dir = tmp();
    await run('dataset', 'import', '--from', 'solomon', c101, '--out', dir);
    const lines = readFileSync(join(dir, 'orders.csv'), 'utf8').split('\n');
    lines[3] = lines[2]!; // line 4 repeats the order of line 3
    const fields = lines[5]!.split(',');
    fields[12] = 'ten'; // weight_kg
    lines[5] = fields.join(',');
    writeFileSync(join(dir, 'orders.csv'), lines.join('\n'));
    writeFileSync(join(dir, 'disruptions.csv'), 'kind,at,vehicle_id\nvehicle_down,2026-11-23T10:00:00Z,v999\n');
    const check = await run('dataset', 'check', dir);
    expect(check.code).toBe(1);
    expect(check.err).toContain("orders.csv:4 id: duplicate 'o0002', first on line 3");
    expect(check.err).toMatch(/orders\.csv:6 weight_kg: must be a number, got 'ten'/);
    expect(check.err).toContain("disruptions.csv:2 vehicle_id: unknown vehicle 'v999'");
    expect(check.err).toContain('refused, 3 problems');
  });

  it('names a FILE to import that is a directory, and writes nothing', async () => {
    const dir = tmp();
    const res = await run('dataset', 'import', '--from', 'solomon', dir, '--out', join(dir, 'out'));
    expect(res).toMatchObject({ code: 1, err: expect.stringContaining(`${dir}: is a directory, not a file to import`) });
  });
});
