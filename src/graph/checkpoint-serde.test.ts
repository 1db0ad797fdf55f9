import Database from 'better-sqlite3';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { Command } from '@langchain/langgraph';
import { describe, expect, it } from 'vitest';
import { plainJsonFirst } from './checkpoint-serde.ts';

const own = () => new SqliteSaver(new Database(':memory:')).serde;
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

describe('checkpoint serializer', () => {
  it('writes plain graph state as the same text as LangGraph, and reads back what either wrote', async () => {
    const serde = plainJsonFirst(own());
    const state = { event: { id: 'e1', type: 'wms.pick.completed', data: { load: { weightKg: 12.5 } } }, notes: ['a', 'b'], n: -0, odd: Number.NaN, none: null, nested: [[1, 2], { x: true }] };
    const [type, fast] = await serde.dumpsTyped(state);
    const [, slow] = await own().dumpsTyped(state);
    expect(type).toBe('json');
    expect(text(fast)).toBe(text(slow));
    expect(await serde.loadsTyped(type, fast)).toEqual(await own().loadsTyped('json', slow));
  });

  it('leaves undefined members, sets, class instances and cycles to LangGraph, which keeps them', async () => {
    const serde = plainJsonFirst(own());
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    for (const value of [{ a: undefined, b: 1 }, { s: new Set(['x']) }, { at: new Date(0) }, { c: new Command({ resume: 'ok' }) }, cyclic]) {
      const [, bytes] = await serde.dumpsTyped(value);
      const [, theirs] = await own().dumpsTyped(value);
      expect(text(bytes)).toBe(text(theirs));
    }
    const [type, bytes] = await serde.dumpsTyped({ a: undefined, s: new Set(['x']) });
    const back = (await serde.loadsTyped(type, bytes)) as { a: unknown; s: unknown };
    expect('a' in back && back.a === undefined).toBe(true);
    expect(back.s).toEqual(new Set(['x']));
  });
});
