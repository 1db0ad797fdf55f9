import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli/main.ts';
import { COMMANDS } from '../src/cli/commands/index.ts';
import { ManualClock } from '../src/domain/index.ts';
import { openLedger } from '../src/ledger/index.ts';
import { openStore } from '../src/store/index.ts';
import { decision } from './fixtures/decisions.ts';

const bin = new URL('../bin/marshal.mjs', import.meta.url).pathname;

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTty: false });
  return { code, out, err };
}

const tmp = () => mkdtempSync(join(tmpdir(), 'marshal-cli-'));

describe('marshal CLI', () => {
  it('lists its commands, and every command answers --help', async () => {
    const top = await run('--help');
    expect(top.code).toBe(0);
    for (const c of COMMANDS) {
      expect(top.out).toContain(c.name);
      // The overview's entry and the command module agree, so the lazy list cannot drift from the commands.
      expect(await c.load()).toMatchObject({ name: c.name, summary: c.summary });
      const help = await run(...c.name.split(' '), '--help');
      expect(help.code).toBe(0);
      expect(help.out).toMatch(/^usage: marshal /);
    }
  });

  it('refuses an unknown command and an unknown flag, naming them', async () => {
    expect(await run('fly')).toMatchObject({ code: 2, err: expect.stringContaining("unknown command 'fly'") });
    const bad = await run('sandbox', 'generate', '--colour', 'red');
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/flags: Unknown option '--colour'/);
    expect((await run('sandbox', 'generate', '--orders', 'many')).err).toMatch(/--orders: must be a whole number from 1 to 100000, got 'many'/);
  });

  it('generates byte-identical days for the same seed and another day for another seed', async () => {
    const dir = tmp();
    const [a, b, c] = ['a.json', 'b.json', 'c.json'].map((f) => join(dir, f));
    expect((await run('sandbox', 'generate', '--seed', '7', '--orders', '500', '--out', a!)).code).toBe(0);
    expect((await run('sandbox', 'generate', '--seed', '7', '--orders', '500', '--out', b!)).code).toBe(0);
    expect((await run('sandbox', 'generate', '--seed', '8', '--orders', '500', '--out', c!)).code).toBe(0);
    const [ta, tb, tc] = [a, b, c].map((f) => readFileSync(f!));
    expect(ta!.equals(tb!)).toBe(true);
    expect(ta!.equals(tc!)).toBe(false);
    const day = JSON.parse(ta!.toString()) as { events: { type: string }[] };
    expect(day.events.filter((e) => e.type === 'oms.order.created')).toHaveLength(500);
  });

  it('verifies, exports and shows the decision log; an edited export is caught', async () => {
    const dir = tmp();
    const db = join(dir, 'marshal.db');
    const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
    const store = openStore(db, { clock });
    const ledger = openLedger(store.db, clock);
    for (let i = 1; i <= 3; i++) ledger.append(decision(i));
    store.close();
    const ok = await run('log', 'verify', '--db', db);
    expect(ok.code).toBe(0);
    expect(ok.out).toMatch(/^OK: 3 entries in .*, head [0-9a-f]{64}/);
    const jsonl = join(dir, 'log.jsonl');
    expect((await run('log', 'export', '--jsonl', '--db', db, '--out', jsonl)).code).toBe(0);
    expect((await run('log', 'verify', '--jsonl', jsonl)).out).toMatch(/^OK: 3 entries/);
    writeFileSync(jsonl, readFileSync(jsonl, 'utf8').replace('"costMinor":3300', '"costMinor":330'));
    const broken = await run('log', 'verify', '--jsonl', jsonl);
    expect(broken.code).toBe(1);
    expect(broken.out).toMatch(/^BROKEN at line 1 \(dec-00000001\): hash_mismatch/);
    const show = await run('log', 'show', 'dec-00000002', '--db', db);
    expect(show.out).toContain('carrier.tender on carrier shipment shp-2');
    expect((await run('log', 'show', 'dec-9', '--db', db)).err).toMatch(/no decision 'dec-9'/);
    expect((await run('log', 'verify', '--db', join(dir, 'nope.db'))).err).toMatch(/--db: .*nope\.db does not exist/);
  });

  it('runs through the installed bin', () => {
    const res = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(res.status).toBe(0);
    expect(res.stdout).toContain('sandbox generate');
  });

  it('start serves /healthz and the day\'s orders, and stops cleanly on SIGTERM', async () => {
    const dir = tmp();
    const proc = spawn(process.execPath, [bin, 'start', '--data', dir, '--port', '0', '--speed', '100000', '--orders', '50'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const port = await new Promise<number>((resolve, reject) => {
      proc.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const m = /listening on http:\/\/localhost:(\d+)/.exec(out);
        if (m) resolve(Number(m[1]));
      });
      proc.once('exit', (code) => reject(new Error(`start exited with ${code}: ${out}`)));
    });
    const health = (await (await fetch(`http://127.0.0.1:${port}/healthz`)).json()) as { status: string; eventsTotal: number };
    expect(health).toMatchObject({ status: 'ok' });
    while (!out.includes('the sandbox day is played')) await new Promise((r) => setTimeout(r, 50));
    expect((await fetch(`http://127.0.0.1:${port}/v1/orders`)).status).toBe(401);
    const key = /^dispatcher\s+(\S+)$/m.exec(readFileSync(join(dir, 'api-keys.txt'), 'utf8'))![1];
    const orders = (await (await fetch(`http://127.0.0.1:${port}/v1/orders?limit=1000`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: unknown[] };
    expect(orders.items).toHaveLength(50);
    const decisions = (await (await fetch(`http://127.0.0.1:${port}/v1/decisions?kind=order.release`, { headers: { authorization: `Bearer ${key}` } })).json()) as { entries: unknown[] };
    expect(decisions.entries.length).toBeGreaterThan(0);
    proc.kill('SIGTERM');
    const code = await new Promise((r) => proc.once('exit', r));
    expect(code).toBe(0);
    expect(out).toContain('stopped');
  });
});
