/**
 * Retrieval over SOPs and past decisions: HNSW indexes (SOP chunks; each tenant's decisions, labelled by seq) persisted
 * beside the Marshal database, rebuilt when the SOP files change, extended when the decision log grows.
 */
import type Database from 'better-sqlite3';
import { dirname, join } from 'node:path';
import { InputError, parseInput } from '../domain/index.ts';
import { DecisionIndex } from './decision-index.ts';
import { decisionDoc, type LogReader, logReader } from './decisions.ts';
import type { Embedder } from './embedder.ts';
import { checkVector } from './embedder.ts';
import { layout, type Layout, readIndexFile, readSidecar, writeAll } from './persist.ts';
import { type Hit, type SearchOptions, SearchOptions as SearchOptionsSchema, type Sidecar, type SopDoc } from './schema.ts';
import { DEFAULT_SOP_DIR, loadSops, sopEmbeddingText } from './sops.ts';
import { VectorIndex } from './vectors.ts';

export interface KnowledgeOptions {
  /** The Marshal database; only `decision_log` is read, never written. */
  db: Database.Database;
  embedder: Embedder;
  /** Where the index is kept: default `<database dir>/knowledge`; null (or an in-memory database) keeps it in memory. */
  dir?: string | null;
  /** The SOP Markdown files; default `src/sandbox/sops`. */
  sopDir?: string;
  /** Decisions added since the last write that trigger a write on their own (default 256); close() writes the rest. */
  flushEvery?: number;
}

/** What a refresh did: per index, whether it was loaded from disk, built, extended or left as it was. */
export interface RefreshReport {
  sops: 'loaded' | 'built' | 'unchanged';
  decisions: 'loaded' | 'built' | 'extended' | 'unchanged';
  /** Texts embedded (queries excluded). */
  embedded: number;
}

// Decisions are embedded in pages: memory stays flat on a long log, and an OpenAI request stays under its input cap.
const PAGE = 512;

/** Opens the knowledge index over `db`'s decision log and the SOP files: from disk when current, else (re)built. */
export async function openKnowledge(options: KnowledgeOptions) {
  const { db, embedder } = options;
  const dir = options.dir === undefined ? (db.memory ? null : join(dirname(db.name), 'knowledge')) : options.dir;
  const files: Layout | null = dir === null ? null : layout(dir, embedder.id);
  const sopDir = options.sopDir ?? DEFAULT_SOP_DIR;
  const flushEvery = options.flushEvery ?? 256;
  const log: LogReader = logReader(db);
  const saved = files ? readSidecar(files, embedder) : undefined;

  let sops = { fingerprint: '', chunks: [] as SopDoc[], index: VectorIndex.create(embedder.dims) };
  const emptyDecisions = () => new DecisionIndex(embedder.dims, 0, log.hashAt(0) ?? '');
  let decisions = emptyDecisions();
  let unsaved = 0;
  // One refresh at a time: two searches racing to add the same new decisions would add them twice.
  let queue: Promise<unknown> = Promise.resolve();
  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  async function embed(texts: string[]): Promise<ArrayLike<number>[]> {
    const vectors = await embedder.embed(texts);
    vectors.forEach((v, i) => checkVector(v, embedder.dims, `${embedder.id}, text ${i}`));
    return vectors;
  }

  async function refreshSops(report: RefreshReport, first: boolean): Promise<void> {
    const loaded = loadSops(sopDir);
    if (loaded.fingerprint === sops.fingerprint) return;
    if (first && saved && files && saved.sops.fingerprint === loaded.fingerprint) {
      const index = readIndexFile(files, saved.sops.file, saved.sops.chunks.length, (p) => VectorIndex.read(p, embedder.dims));
      if (index) {
        sops = { fingerprint: loaded.fingerprint, chunks: saved.sops.chunks, index };
        report.sops = 'loaded';
        return;
      }
    }
    const vectors = await embed(loaded.chunks.map(sopEmbeddingText));
    const index = VectorIndex.create(embedder.dims, loaded.chunks.length);
    index.addAll(vectors.map((vector, label) => ({ label, vector })));
    sops = { fingerprint: loaded.fingerprint, chunks: loaded.chunks, index };
    report.sops = 'built';
    report.embedded += vectors.length;
    unsaved += 1;
  }

  function loadDecisions(report: RefreshReport): void {
    if (!saved || !files || log.hashAt(saved.decisions.headSeq) !== saved.decisions.headHash) return;
    const loaded = DecisionIndex.load(saved.decisions, files, embedder.dims);
    if (!loaded) return;
    decisions = loaded;
    report.decisions = 'loaded';
  }

  async function refreshDecisions(report: RefreshReport): Promise<void> {
    const head = log.head();
    if (head.seq === decisions.headSeq && head.hash === decisions.headHash) return;
    // The entry we stopped at is gone or different: this is another log (a restored or replaced file), so start over.
    if (log.hashAt(decisions.headSeq) !== decisions.headHash) {
      decisions = emptyDecisions();
      report.decisions = 'built';
    } else if (report.decisions !== 'built') {
      report.decisions = decisions.headSeq === 0 ? 'built' : 'extended';
    }
    for (;;) {
      const entries = log.after(decisions.headSeq, PAGE);
      const last = entries[entries.length - 1];
      if (!last) break;
      const docs = entries.map(decisionDoc);
      const vectors = await embed(docs.map((d) => d.text));
      // Indexes, documents and head move together, with no await between, so a write in between is never torn.
      decisions.add(docs.map((doc, i) => ({ doc, hash: entries[i]!.hash, vector: vectors[i]! })));
      report.embedded += docs.length;
      unsaved += docs.length;
    }
    if (unsaved >= flushEvery) flush();
  }

  /** Writes the index and the sidecar when something changed since the last write (no-op in memory). */
  function flush(): void {
    if (!files || unsaved === 0) return;
    const d = decisions.saved(files);
    const sopFile = files.sopFile(sops.fingerprint);
    const sidecar: Sidecar = {
      version: 1,
      embedder: { id: embedder.id, dims: embedder.dims },
      sops: { fingerprint: sops.fingerprint, file: sopFile, chunks: sops.chunks },
      decisions: d.sidecar,
    };
    writeAll(files, sidecar, [{ file: sopFile, index: sops.index }, ...d.indexes]);
    unsaved = 0;
  }

  async function refresh(first = false): Promise<RefreshReport> {
    const report: RefreshReport = { sops: 'unchanged', decisions: 'unchanged', embedded: 0 };
    await refreshSops(report, first);
    if (first) loadDecisions(report);
    await refreshDecisions(report);
    if (report.sops === 'built' || report.decisions === 'built') flush();
    return report;
  }

  function hitOfSop(label: number, score: number): Hit | undefined {
    const c = sops.chunks[label];
    if (!c) return undefined;
    return {
      kind: 'sop', score, text: c.text, cite: `SOP "${c.title}", § ${c.section}`,
      citation: { kind: 'sop', title: c.title, section: c.section, file: c.file },
    };
  }

  function hitOfDecision(label: number, score: number): Hit | undefined {
    const d = decisions.docs.get(label);
    if (!d) return undefined;
    return {
      kind: 'decision', score, text: d.text, cite: `decision ${d.id}`,
      citation: {
        kind: 'decision', decisionId: d.id, seq: d.seq, at: d.at, tenant: d.tenant, agent: d.agent,
        decisionKind: d.kind, outcome: d.outcome, target: d.target,
      },
    };
  }

  const opened = await exclusive(() => refresh(true));

  return {
    embedder,
    /** What opening did: loaded from disk, built, or extended with decisions logged since the last write. */
    opened,
    /** Re-reads the SOP files (rebuilding their index when they changed) and adds decisions logged since. */
    refresh: () => exclusive(() => refresh()),
    /** The `k` best SOP chunks and/or this tenant's decisions for `query`, best first, each with its citation. */
    async search(query: string, input: SearchOptions = {}): Promise<Hit[]> {
      const o = parseInput(SearchOptionsSchema, input, 'knowledge search');
      const kinds = o.kinds ?? (o.tenant ? ['sop', 'decision'] : ['sop']);
      // Decisions are only ever searched within one tenant, and that tenant's index is brought up to the log's head
      // first (one indexed read when nothing changed).
      const tenant = kinds.includes('decision') ? o.tenant : undefined;
      if (kinds.includes('decision')) {
        if (tenant === undefined) {
          throw new InputError('invalid_input', [{ path: 'tenant', reason: 'is required to search decisions' }], 'knowledge search');
        }
        await exclusive(() => refreshDecisions({ sops: 'unchanged', decisions: 'unchanged', embedded: 0 }));
      }
      const [vector] = await embed([query]);
      if (!vector) return [];
      const hits: Hit[] = [];
      if (kinds.includes('sop')) {
        for (const n of sops.index.search(vector, o.k)) hits.push(...opt(hitOfSop(n.label, n.score)));
      }
      if (tenant !== undefined) {
        for (const n of decisions.search(vector, tenant, o.k)) hits.push(...opt(hitOfDecision(n.label, n.score)));
      }
      return hits.sort(byScore).slice(0, o.k);
    },
    /** How many SOP chunks and decisions are indexed, and the last decision seq seen. */
    stats: () => ({ sopChunks: sops.chunks.length, decisions: decisions.size, headSeq: decisions.headSeq }),
    flush,
    /** Writes what is unsaved; the index stays usable (there is nothing else to release). */
    close: flush,
  };
}

export type Knowledge = Awaited<ReturnType<typeof openKnowledge>>;

const opt = <T>(x: T | undefined): T[] => (x === undefined ? [] : [x]);

// Ties (the same text twice) fall back to a stable order, so the same query always lists hits the same way.
function byScore(a: Hit, b: Hit): number {
  if (b.score !== a.score) return b.score - a.score;
  return a.cite < b.cite ? -1 : a.cite > b.cite ? 1 : 0;
}
