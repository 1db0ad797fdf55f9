import { describe, expect, it } from 'vitest';
import { decision } from '../../test/fixtures/decisions.ts';
import { canonicalJson, DecisionEntry } from '../domain/index.ts';
import { chainHash, chainHasher } from './chain.ts';
import { seqInBody } from './verify-db.ts';

const body = (value: unknown) => Buffer.from(canonicalJson(value));

describe('reading the seq of a stored body', () => {
  it('finds the top-level seq, not one nested in the proposal or a string', () => {
    const entry = { ...decision(1), seq: 42, id: 'dec-00000042', at: '2026-11-23T08:00:00Z', schemaVersion: 1 };
    entry.proposal = { ...entry.proposal!, payload: { seq: 7, note: '"seq":9,' } };
    expect(seqInBody(body(entry))).toBe(42);
  });

  it('can trust the last "seq" because the only entry key sorting after it is tenant, a string', () => {
    // A new key after "seq" whose value may hold objects would make seqInBody need a real parse.
    expect(Object.keys(DecisionEntry.shape).filter((k) => k > 'seq')).toEqual(['tenant']);
  });

  it('reports what it found when the body holds no plain seq', () => {
    expect(seqInBody(body({ a: 1 }))).toBe('none');
    expect(seqInBody(body({ seq: 1.5, tenant: 'acme' }))).toBe('1.5');
    expect(seqInBody(body({ seq: -3, tenant: 'acme' }))).toBe('-3');
  });
});

describe('the reusable chain hasher', () => {
  it('gives chainHash for any prevHash and body, large ones included', () => {
    const hashOf = chainHasher();
    for (const [prev, text] of [['0'.repeat(64), '{"a":"→"}'], ['é', 'x'.repeat(200_000)], ['', '']] as const) {
      expect(hashOf(prev, Buffer.from(text))).toBe(chainHash(prev, text));
    }
  });
});
