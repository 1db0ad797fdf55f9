/** Past decisions as documents: read from the decision log (read only), turned into text worth retrieving. */
import type Database from 'better-sqlite3';
import type { DecisionEntry } from '../domain/index.ts';
import { entryFromRow, GENESIS_HASH, type Head } from '../ledger/index.ts';
import type { DecisionDoc } from './schema.ts';

// Long explanations are cut: the summary and constraints come first and carry what a search needs.
const MAX_TEXT_CHARS = 1500;

/** The text a decision is found by: what was done, to what, why, within which constraints, instead of what. */
export function decisionText(entry: DecisionEntry): string {
  const e = entry.explanation;
  const target = entry.proposal?.target;
  const parts = [
    `${entry.kind.replace(/[._]/g, ' ')} by ${entry.agent} (${entry.outcome})${target ? ` on ${target.type} ${target.id}` : ''}.`,
    e.summary,
  ];
  if (e.constraints.length) parts.push(`Constraints: ${e.constraints.join('; ')}.`);
  const facts = Object.entries(e.inputs)
    .filter(([, v]) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
    .map(([k, v]) => `${k} ${String(v)}`);
  if (facts.length) parts.push(`Inputs: ${facts.join(', ')}.`);
  if (e.alternatives.length) parts.push(`Alternatives: ${e.alternatives.map((a) => a.summary).join('; ')}.`);
  const text = parts.join(' ');
  return text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS - 1)}…` : text;
}

/** A decision's document: its text and the fields its citation and the tenant filter need. */
export function decisionDoc(entry: DecisionEntry): DecisionDoc {
  const target = entry.proposal?.target;
  return {
    seq: entry.seq, id: entry.id, at: entry.at, tenant: entry.tenant, agent: entry.agent, kind: entry.kind,
    outcome: entry.outcome, target: target ? { system: target.system, type: target.type, id: target.id } : null,
    text: decisionText(entry),
  };
}

/** Reads the decision log without writing: its head, the hash at a seq, and pages of entries after a seq. */
export function logReader(db: Database.Database) {
  const headStmt = db.prepare('SELECT seq, hash FROM decision_log ORDER BY seq DESC LIMIT 1');
  const hashAt = db.prepare('SELECT hash FROM decision_log WHERE seq = ?');
  const after = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE seq > ? ORDER BY seq LIMIT ?');
  return {
    head: (): Head => (headStmt.get() as Head | undefined) ?? { seq: 0, hash: GENESIS_HASH },
    /** The hash of entry `seq` (the genesis hash for 0), or undefined when there is no such entry. */
    hashAt(seq: number): string | undefined {
      if (seq === 0) return GENESIS_HASH;
      return (hashAt.get(seq) as { hash: string } | undefined)?.hash;
    },
    /** Up to `limit` entries with seq above `seq`, oldest first. */
    after(seq: number, limit: number): DecisionEntry[] {
      return (after.all(seq, limit) as { seq: number; body: string; prev_hash: string; hash: string }[]).map(entryFromRow);
    },
  };
}

export type LogReader = ReturnType<typeof logReader>;
