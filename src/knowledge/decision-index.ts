/**
 * Past decisions in one HNSW index per tenant, labelled by decision seq. Separate indexes make tenant isolation a
 * matter of structure, not of a filter, and keep a small tenant's search as fast as a large one's.
 */
import { createHash } from 'node:crypto';
import type { Layout } from './persist.ts';
import { readIndexFile } from './persist.ts';
import type { DecisionDoc, Sidecar } from './schema.ts';
import { type Neighbour, VectorIndex } from './vectors.ts';

interface TenantIndex {
  index: VectorIndex;
  /** The tenant's last decision and its hash: they name the file, so a file's name says what is in it. */
  lastSeq: number;
  lastHash: string;
}

/** One new decision to index: its document, its entry hash, and its vector. */
export interface NewDecision {
  doc: DecisionDoc;
  hash: string;
  vector: ArrayLike<number>;
}

export class DecisionIndex {
  readonly docs = new Map<number, DecisionDoc>();
  private readonly tenants = new Map<string, TenantIndex>();

  /** Empty, positioned before the first entry (seq 0, the genesis hash). */
  constructor(readonly dims: number, public headSeq: number, public headHash: string) {}

  get size(): number {
    return this.docs.size;
  }

  /** Adds decisions (seq order) and moves the head to the last; everything happens before returning, nothing awaits. */
  add(items: readonly NewDecision[]): void {
    const byTenant = new Map<string, NewDecision[]>();
    for (const item of items) byTenant.set(item.doc.tenant, [...(byTenant.get(item.doc.tenant) ?? []), item]);
    for (const [tenant, group] of byTenant) {
      const t = this.tenants.get(tenant) ?? { index: VectorIndex.create(this.dims, group.length), lastSeq: 0, lastHash: '' };
      t.index.addAll(group.map(({ doc, vector }) => ({ label: doc.seq, vector })));
      const last = group[group.length - 1]!;
      t.lastSeq = last.doc.seq;
      t.lastHash = last.hash;
      this.tenants.set(tenant, t);
    }
    for (const { doc } of items) this.docs.set(doc.seq, doc);
    const last = items[items.length - 1];
    if (last) {
      this.headSeq = last.doc.seq;
      this.headHash = last.hash;
    }
  }

  /** The `k` decisions of `tenant` nearest `vector`; another tenant's index is never opened. */
  search(vector: ArrayLike<number>, tenant: string, k: number): Neighbour[] {
    return this.tenants.get(tenant)?.index.search(vector, k) ?? [];
  }

  /** The sidecar's part and the index files it names. */
  saved(files: Layout): { sidecar: Sidecar['decisions']; indexes: { file: string; index: VectorIndex }[] } {
    const tenants = [...this.tenants.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([tenant, t]) => ({
      tenant, lastSeq: t.lastSeq, lastHash: t.lastHash, index: t.index,
      file: `${files.base}.decisions.${tenantKey(tenant)}.${t.lastSeq}-${t.lastHash.slice(0, 12)}.hnsw`,
    }));
    return {
      sidecar: {
        headSeq: this.headSeq, headHash: this.headHash,
        tenants: tenants.map(({ tenant, file, lastSeq, lastHash }) => ({ tenant, file, lastSeq, lastHash })),
        docs: [...this.docs.values()],
      },
      indexes: tenants.map(({ file, index }) => ({ file, index })),
    };
  }

  /** The index the sidecar describes, or undefined when any tenant's file is missing or disagrees with it. */
  static load(saved: Sidecar['decisions'], files: Layout, dims: number): DecisionIndex | undefined {
    const d = new DecisionIndex(dims, saved.headSeq, saved.headHash);
    const counts = new Map<string, number>();
    for (const doc of saved.docs) {
      d.docs.set(doc.seq, doc);
      counts.set(doc.tenant, (counts.get(doc.tenant) ?? 0) + 1);
    }
    if (counts.size !== saved.tenants.length) return undefined;
    for (const t of saved.tenants) {
      const index = readIndexFile(files, t.file, counts.get(t.tenant) ?? -1, (p) => VectorIndex.read(p, dims));
      if (!index) return undefined;
      d.tenants.set(t.tenant, { index, lastSeq: t.lastSeq, lastHash: t.lastHash });
    }
    return d;
  }
}

// Tenant ids may hold characters a file name should not; the hash keeps two sanitised ids from colliding.
function tenantKey(tenant: string): string {
  const safe = tenant.replace(/[^A-Za-z0-9_-]+/g, '_').slice(0, 40);
  return `${safe}-${createHash('sha256').update(tenant).digest('hex').slice(0, 8)}`;
}
