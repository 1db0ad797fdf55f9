import { describe, expect, it } from 'vitest';
import { openStore } from '../store/index.ts';
import { DEFAULT_SOP_DIR, lexicalEmbedder, loadSops, openKnowledge, parseSop } from './index.ts';
import { chunkSop } from './sops.ts';

describe('the SOP set', () => {
  const { sops, chunks } = loadSops(DEFAULT_SOP_DIR);

  it('has at least ten procedures, each with a title, scope, triggers, numbered steps and the rest of the outline', () => {
    expect(sops.length).toBeGreaterThanOrEqual(10);
    for (const sop of sops) {
      const headings = sop.sections.map((s) => s.heading);
      expect(sop.title.length, sop.file).toBeGreaterThan(5);
      expect(headings, sop.file).toEqual(expect.arrayContaining(['Scope', 'Triggers', 'Steps', 'Who decides', 'What to tell the customer', 'What to record']));
      const steps = sop.sections.find((s) => s.heading === 'Steps')!.body;
      expect(steps.match(/^\d+\. /gm)?.length ?? 0, sop.file).toBeGreaterThanOrEqual(5);
      const words = sop.sections.reduce((n, s) => n + s.body.split(/\s+/).length, 0);
      expect(words, sop.file).toBeGreaterThanOrEqual(300);
      expect(words, sop.file).toBeLessThanOrEqual(700);
    }
  });

  it('covers the ten topics of the issue', () => {
    const files = sops.map((s) => s.file);
    for (const f of ['failed-delivery-not-home', 'address-problem', 'refused-delivery', 'damaged-goods', 'vehicle-breakdown', 'late-pick',
      'short-pick-stock-out', 'carrier-tender-rejection', 'temperature-excursion', 'customs-hold']) {
      expect(files).toContain(`${f}.md`);
    }
  });

  it('chunks by section and keeps the title and section of each chunk for citing', () => {
    const steps = chunks.find((c) => c.file === 'vehicle-breakdown.md' && c.section === 'Steps');
    expect(steps).toMatchObject({ title: 'Vehicle breakdown' });
    expect(steps!.text).toMatch(/^1\. Safety first/);
    expect(chunks.every((c) => c.text.length <= 1400)).toBe(true);
  });

  it('refuses a file without a "# Title" first line, naming the file', () => {
    expect(() => parseSop('nameless.md', 'Just text\n\n## Steps\n1. x')).toThrow(/nameless\.md: must start with a "# Title" line/);
  });

  it('splits a long section at blank lines and calls text before the first heading "Overview"', () => {
    const long = Array.from({ length: 6 }, (_, i) => `Paragraph ${i} ${'word '.repeat(60)}`).join('\n\n');
    const sop = parseSop('x.md', `# X\nIntro text.\n\n## Steps\n${long}\n`);
    expect(sop.sections.map((s) => s.heading)).toEqual(['Overview', 'Steps']);
    const parts = chunkSop(sop).filter((c) => c.section === 'Steps');
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.map((c) => c.text).join('\n\n')).toBe(long.trim());
  });
});

// A dispatcher's words for each topic, none of them copied from the SOP's title.
const ASKED: [string, string][] = [
  ["customer wasn't home", 'failed-delivery-not-home.md'],
  ['nobody answered the door, driver still has the parcel', 'failed-delivery-not-home.md'],
  ["driver can't find the address", 'address-problem.md'],
  ['postcode does not exist, sat nav is useless', 'address-problem.md'],
  ['customer refused the delivery', 'refused-delivery.md'],
  ["they won't take the pallet, say they never ordered it", 'refused-delivery.md'],
  ['boxes arrived crushed', 'damaged-goods.md'],
  ['truck broke down', 'vehicle-breakdown.md'],
  ['van has a flat tyre on the motorway', 'vehicle-breakdown.md'],
  ["picking is running late, the wave won't be ready for the truck", 'late-pick.md'],
  ['out of stock, could not pick all lines', 'short-pick-stock-out.md'],
  ['pick location empty', 'short-pick-stock-out.md'],
  ['carrier said no to the load', 'carrier-tender-rejection.md'],
  ['cooler too warm', 'temperature-excursion.md'],
  ['frozen goods thawed', 'temperature-excursion.md'],
  ['stuck at customs', 'customs-hold.md'],
  ['gate locked, security will not let us in', 'access-denied-site-closed.md'],
  ['lithium battery is smoking in the trailer', 'dangerous-goods-incident.md'],
];

describe('finding the SOP for a dispatcher\'s question (offline embedder)', async () => {
  const store = openStore(':memory:');
  const knowledge = await openKnowledge({ db: store.db, embedder: lexicalEmbedder(), dir: null });

  it.each(ASKED)('"%s" finds %s first', async (query, file) => {
    const [top] = await knowledge.search(query, { k: 3 });
    expect(top?.citation).toMatchObject({ kind: 'sop', file });
    expect(top?.cite).toMatch(/^SOP ".+", § .+$/);
  });

  it('"reefer broke down at depot North" lands on the breakdown or temperature procedure', async () => {
    const hits = await knowledge.search('reefer broke down at depot North', { k: 3 });
    for (const h of hits) expect(['vehicle-breakdown.md', 'temperature-excursion.md']).toContain(h.citation.kind === 'sop' && h.citation.file);
  });

  it('answers the same query the same way every time', async () => {
    const a = await knowledge.search('cooler too warm', { k: 5 });
    const b = await knowledge.search('cooler too warm', { k: 5 });
    expect(b).toEqual(a);
    expect(a.map((h) => h.score)).toEqual([...a.map((h) => h.score)].sort((x, y) => y - x));
  });
});
