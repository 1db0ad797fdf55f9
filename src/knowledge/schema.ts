/** Knowledge types: documents, citations, hits, search options and the persisted sidecar, all as zod schemas. */
import { z } from 'zod';
import { ActionTarget, AgentName, DecisionKind, DecisionOutcome, Id, IsoTimestamp } from '../domain/index.ts';

export const DocKind = z.enum(['sop', 'decision']);
export type DocKind = z.infer<typeof DocKind>;

export const SopDoc = z.object({ file: z.string(), title: z.string(), section: z.string(), text: z.string() });
export type SopDoc = z.infer<typeof SopDoc>;

export const DecisionDoc = z.object({
  seq: z.number().int().positive(),
  id: Id,
  at: IsoTimestamp,
  tenant: Id,
  agent: z.union([AgentName, z.literal('human')]),
  kind: DecisionKind,
  outcome: DecisionOutcome,
  target: ActionTarget.nullable(),
  text: z.string(),
});
export type DecisionDoc = z.infer<typeof DecisionDoc>;

/** Where a hit comes from: an SOP's title and section, or a decision's id (with what a reader needs to judge it). */
export const Citation = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sop'), title: z.string(), section: z.string(), file: z.string() }),
  z.object({
    kind: z.literal('decision'), decisionId: Id, seq: z.number().int().positive(), at: IsoTimestamp, tenant: Id,
    agent: z.union([AgentName, z.literal('human')]), decisionKind: DecisionKind, outcome: DecisionOutcome,
    target: ActionTarget.nullable(),
  }),
]);
export type Citation = z.infer<typeof Citation>;

export const Hit = z.object({
  kind: DocKind,
  /** Cosine similarity, 1 for the same direction; comparable across SOPs and decisions of one embedder. */
  score: z.number(),
  text: z.string(),
  /** The citation as a person reads it: `SOP "Vehicle breakdown", § Steps` or `decision dec-00000042`. */
  cite: z.string(),
  citation: Citation,
});
export type Hit = z.infer<typeof Hit>;

export const SearchOptions = z.object({
  k: z.number().int().min(1).max(100).default(5),
  /** Defaults to both with a tenant, SOPs only without (decisions are never searched across tenants). */
  kinds: z.array(DocKind).min(1).optional(),
  /** Only this tenant's decisions come back; required to search decisions. */
  tenant: Id.optional(),
});
export type SearchOptions = z.input<typeof SearchOptions>;

/** The JSON beside the index files: what each index holds and the fingerprint of the sources it was built from. */
export const Sidecar = z.object({
  version: z.literal(1),
  embedder: z.object({ id: z.string(), dims: z.number().int().positive() }),
  sops: z.object({
    /** sha256 of the SOP files and the chunker version. */
    fingerprint: z.string(),
    /** Index file name in the knowledge directory; label i is chunks[i]. */
    file: z.string(),
    chunks: z.array(SopDoc),
  }),
  decisions: z.object({
    /** The last decision indexed and its hash: a log whose entry at headSeq has another hash is a different log. */
    headSeq: z.number().int().nonnegative(),
    headHash: z.string(),
    /** One index file per tenant, labels being decision seqs; named by the tenant's last decision and its hash. */
    tenants: z.array(z.object({ tenant: Id, file: z.string(), lastSeq: z.number().int().positive(), lastHash: z.string() })),
    docs: z.array(DecisionDoc),
  }),
});
export type Sidecar = z.infer<typeof Sidecar>;
