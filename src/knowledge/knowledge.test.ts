import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decision, proposal } from '../../test/fixtures/decisions.ts';
import { type ActionProposal, ManualClock } from '../domain/index.ts';
import { type DecisionInput, openLedger } from '../ledger/index.ts';
import { openStore } from '../store/index.ts';
import { countingEmbedder, DEFAULT_SOP_DIR, lexicalEmbedder, loadSops, openKnowledge } from './index.ts';

const clock = new ManualClock(Date.parse('2026-11-23T08:00:00Z') / 1000);
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'marshal-knowledge-'));
  dirs.push(d);
  return d;
}

/** A decision of `kind` by `agent` for `tenant`, explained by `summary`. */
function said(n: number, summary: string, over: { tenant?: string; kind?: ActionProposal['kind']; agent?: ActionProposal['agent']; target?: ActionProposal['target']; constraints?: string[] } = {}): DecisionInput {
  const tenant = over.tenant ?? 'acme';
  const kind = over.kind ?? 'route.replan';
  const agent = over.agent ?? 'dispatch';
  const explanation = { summary, constraints: over.constraints ?? [], inputs: {}, alternatives: [] };
  const target = over.target ?? { system: 'plan' as const, type: 'route' as const, id: `r-${n}` };
  const p = proposal(n, { tenant, kind, agent, target, explanation });
  return decision(n, { tenant, kind, agent, proposal: p, explanation });
}

const PAST: DecisionInput[] = [
  said(1, 'Tender shipment shp-1 to FastCo: cheapest carrier with a 95 % on-time record on lane north to N1.', { kind: 'carrier.tender', agent: 'carrier', target: { system: 'carrier', type: 'shipment', id: 'shp-1' } }),
  said(2, 'Reefer v-7 broke down at depot North with 9 chilled stops left: moved them to v-3 and v-11, pre-cooled reefers from the same depot, windows kept.', { target: { system: 'plan', type: 'vehicle', id: 'v-7' }, constraints: ['chilled 2-8 °C', 'cross-load under 30 min'] }),
  said(3, 'Van v-12 broke down at depot South: its 14 stops moved to v-2 and v-5; two deliveries moved to tomorrow.', { target: { system: 'plan', type: 'vehicle', id: 'v-12' } }),
  said(4, 'Customer C-88 was not home at 10:40: rescheduled to tomorrow in the same hours and told the customer.', { kind: 'delivery.reschedule', agent: 'customer', target: { system: 'oms', type: 'order', id: 'o-88' } }),
  said(5, 'Short pick on SKU-42 at depot North: substitute SKU-43 approved by the client, in stock at the same depot.', { kind: 'order.substitute', agent: 'capacity', target: { system: 'oms', type: 'order', id: 'o-5' } }),
  said(6, 'Released order o-6 for picking at depot North: credit and stock checks passed.', { kind: 'order.release', agent: 'capacity', target: { system: 'erp', type: 'order', id: 'o-6' } }),
];
// Another tenant's decision, worded to match the question better than any of acme's.
const OTHER = said(7, 'Reefer broke down at depot North: what we did last time a reefer broke down at depot North, re-planned.', { tenant: 'globex' });

const QUESTION = 'what did we do last time a reefer broke down at depot North?';

function marshalDb(dir: string, inputs: readonly DecisionInput[]) {
  const store = openStore(join(dir, 'marshal.db'), { clock });
  const ledger = openLedger(store.db, clock);
  if (inputs.length) ledger.appendMany(inputs);
  return { store, ledger };
}

describe('past decisions', () => {
  it('"what did we do last time a reefer broke down at depot North?" returns that decision first, with its id', async () => {
    const { store } = marshalDb(tempDir(), [...PAST, OTHER]);
    const k = await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    const hits = await k.search(QUESTION, { tenant: 'acme', kinds: ['decision'], k: 3 });
    expect(hits[0]?.citation).toMatchObject({ kind: 'decision', decisionId: 'dec-00000002', tenant: 'acme', decisionKind: 'route.replan' });
    expect(hits[0]?.cite).toBe('decision dec-00000002');
    expect(hits[0]?.text).toMatch(/Reefer v-7 broke down at depot North/);
    // The breakdown at South is the next best: same event, other depot.
    expect(hits[1]?.citation).toMatchObject({ decisionId: 'dec-00000003' });
    expect(hits[0]!.score).toBeGreaterThan(hits[1]!.score);
  });

  it('mixes SOPs and decisions by score when both are asked for', async () => {
    const { store } = marshalDb(tempDir(), PAST);
    const k = await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    const hits = await k.search(QUESTION, { tenant: 'acme', k: 6 });
    expect(new Set(hits.map((h) => h.kind))).toEqual(new Set(['sop', 'decision']));
    expect(hits.find((h) => h.kind === 'sop')?.citation).toMatchObject({ file: expect.stringMatching(/vehicle-breakdown|temperature-excursion/) });
  });

  it("never returns another tenant's decisions, and refuses to search decisions without a tenant", async () => {
    const { store } = marshalDb(tempDir(), [...PAST, OTHER]);
    const k = await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    for (const q of [QUESTION, 'reefer', 'globex', 'Tender shipment']) {
      const acme = await k.search(q, { tenant: 'acme', kinds: ['decision'], k: 100 });
      expect(acme.every((h) => h.citation.kind === 'decision' && h.citation.tenant === 'acme')).toBe(true);
    }
    const globex = await k.search(QUESTION, { tenant: 'globex', kinds: ['decision'], k: 100 });
    expect(globex.map((h) => h.cite)).toEqual(['decision dec-00000007']);
    expect(await k.search(QUESTION, { tenant: 'nobody', kinds: ['decision'] })).toEqual([]);
    await expect(k.search(QUESTION, { kinds: ['decision'] })).rejects.toThrow(/tenant: is required to search decisions/);
    expect((await k.search(QUESTION)).every((h) => h.kind === 'sop')).toBe(true);
  });
});

describe('persistence and rebuilds', () => {
  it('persists beside the database: a second open embeds nothing and answers the same', async () => {
    const dir = tempDir();
    const { store } = marshalDb(dir, PAST);
    const first = countingEmbedder(lexicalEmbedder());
    const a = await openKnowledge({ db: store.db, embedder: first });
    const chunks = loadSops(DEFAULT_SOP_DIR).chunks.length;
    expect(a.opened).toEqual({ sops: 'built', decisions: 'built', embedded: chunks + PAST.length });
    expect(readdirSync(join(dir, 'knowledge')).sort()).toEqual([
      // One decision index per tenant, named by its last decision and that decision's hash.
      expect.stringMatching(/^lexical-v1-512\.decisions\.acme-[0-9a-f]{8}\.6-[0-9a-f]{12}\.hnsw$/),
      'lexical-v1-512.json',
      expect.stringMatching(/^lexical-v1-512\.sops\.[0-9a-f]{16}\.hnsw$/),
    ]);
    const before = await a.search(QUESTION, { tenant: 'acme' });

    const second = countingEmbedder(lexicalEmbedder());
    const b = await openKnowledge({ db: store.db, embedder: second });
    expect(second.calls).toBe(0);
    expect(b.opened).toEqual({ sops: 'loaded', decisions: 'loaded', embedded: 0 });
    expect(await b.search(QUESTION, { tenant: 'acme' })).toEqual(before);
  });

  it('rebuilds the SOP index (and only it) when an SOP file changes, on open or on refresh()', async () => {
    const dir = tempDir();
    const sopDir = join(dir, 'sops');
    cpSync(DEFAULT_SOP_DIR, sopDir, { recursive: true });
    const { store } = marshalDb(dir, PAST);
    await openKnowledge({ db: store.db, embedder: lexicalEmbedder(), sopDir });
    writeFileSync(join(sopDir, 'yard-congestion.md'), '# Yard congestion\n\n## Steps\n\n1. Hold inbound trailers at the gatehouse queue.\n');

    const counting = countingEmbedder(lexicalEmbedder());
    const k = await openKnowledge({ db: store.db, embedder: counting, sopDir });
    const chunks = loadSops(sopDir).chunks.length;
    expect(k.opened).toEqual({ sops: 'built', decisions: 'loaded', embedded: chunks });
    expect((await k.search('trailers queue at the gatehouse', { k: 1 }))[0]?.citation).toMatchObject({ title: 'Yard congestion', section: 'Steps' });

    writeFileSync(join(sopDir, 'yard-congestion.md'), '# Yard congestion\n\n## Steps\n\n1. Send inbound trailers to the overflow car park.\n');
    expect(await k.refresh()).toEqual({ sops: 'built', decisions: 'unchanged', embedded: chunks });
    expect((await k.search('overflow car park', { k: 1 }))[0]?.text).toMatch(/overflow car park/);
    expect(await k.refresh()).toEqual({ sops: 'unchanged', decisions: 'unchanged', embedded: 0 });
  });

  it('adds new decisions incrementally: a search sees them, only they are embedded, and a reopen embeds nothing', async () => {
    const dir = tempDir();
    const { store, ledger } = marshalDb(dir, PAST.slice(0, 3));
    const counting = countingEmbedder(lexicalEmbedder());
    const k = await openKnowledge({ db: store.db, embedder: counting });
    expect(k.stats()).toMatchObject({ decisions: 3, headSeq: 3 });

    ledger.appendMany(PAST.slice(3));
    const texts = counting.texts;
    const hits = await k.search('customer not home, rescheduled', { tenant: 'acme', kinds: ['decision'], k: 1 });
    expect(hits[0]?.cite).toBe('decision dec-00000004');
    expect(counting.texts - texts).toBe(PAST.length - 3 + 1); // the three new decisions and the query
    expect(k.stats()).toMatchObject({ decisions: 6, headSeq: 6 });
    k.close();

    const again = countingEmbedder(lexicalEmbedder());
    const reopened = await openKnowledge({ db: store.db, embedder: again });
    expect(again.calls).toBe(0);
    expect(reopened.stats()).toMatchObject({ decisions: 6, headSeq: 6 });
  });

  it("keeps one index file per tenant and rewrites only the files of tenants with new decisions", async () => {
    const dir = tempDir();
    const { store, ledger } = marshalDb(dir, [...PAST.slice(0, 3), OTHER]);
    await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    const files = () => readdirSync(join(dir, 'knowledge')).filter((f) => f.includes('.decisions.')).sort();
    const before = files();
    expect(before).toEqual([expect.stringMatching(/\.decisions\.acme-[0-9a-f]{8}\.3-/), expect.stringMatching(/\.decisions\.globex-[0-9a-f]{8}\.4-/)]);
    ledger.appendMany(PAST.slice(3));
    const k = await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    k.close();
    const after = files();
    expect(after[0]).toMatch(/\.decisions\.acme-[0-9a-f]{8}\.7-/);
    expect(after[1]).toBe(before[1]);
  });

  it('catches up on decisions logged after the last write, without re-embedding the rest', async () => {
    const dir = tempDir();
    const { store, ledger } = marshalDb(dir, PAST.slice(0, 4));
    await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    ledger.appendMany(PAST.slice(4));
    const counting = countingEmbedder(lexicalEmbedder());
    const k = await openKnowledge({ db: store.db, embedder: counting });
    expect(k.opened).toEqual({ sops: 'loaded', decisions: 'extended', embedded: 2 });
  });

  it('starts the decision index over when the log is another one (same place, different history)', async () => {
    const dir = tempDir();
    const { store } = marshalDb(dir, PAST);
    await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    store.close();
    for (const f of readdirSync(dir).filter((f) => f.startsWith('marshal.db'))) rmSync(join(dir, f));
    const { store: replaced } = marshalDb(dir, [OTHER, ...PAST.slice(0, 5)]);
    const counting = countingEmbedder(lexicalEmbedder());
    const k = await openKnowledge({ db: replaced.db, embedder: counting });
    expect(k.opened).toEqual({ sops: 'loaded', decisions: 'built', embedded: 6 });
    expect((await k.search(QUESTION, { tenant: 'globex', kinds: ['decision'] }))[0]?.cite).toBe('decision dec-00000001');
  });

  it('rebuilds from the sources when the sidecar is damaged, and keeps an in-memory database in memory', async () => {
    const dir = tempDir();
    const { store } = marshalDb(dir, PAST);
    await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    writeFileSync(join(dir, 'knowledge', 'lexical-v1-512.json'), '{"version": 1, "embedder":');
    const k = await openKnowledge({ db: store.db, embedder: lexicalEmbedder() });
    expect(k.opened).toMatchObject({ sops: 'built', decisions: 'built' });

    const memory = openStore(':memory:', { clock });
    openLedger(memory.db, clock).appendMany(PAST);
    const m = await openKnowledge({ db: memory.db, embedder: lexicalEmbedder() });
    expect(m.stats()).toMatchObject({ decisions: 6 });
    expect((await m.search(QUESTION, { tenant: 'acme', kinds: ['decision'] }))[0]?.cite).toBe('decision dec-00000002');
  });
});
