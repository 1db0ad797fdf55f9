import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../domain/index.ts';
import { validatedReader } from './validated-read.ts';

const Doc = z.object({ id: z.string(), qty: z.number().int().nonnegative() });

describe('validatedReader', () => {
  it('reads a stored document again after its text changes, and refuses it when the new text breaks the schema', () => {
    const reader = validatedReader(Doc, 'stored thing');
    expect(reader.read('t\u0000a', '{"id":"a","qty":1}')).toEqual({ id: 'a', qty: 1 });
    expect(reader.read('t\u0000a', '{"id":"a","qty":1}')).toEqual({ id: 'a', qty: 1 });
    expect(() => reader.read('t\u0000a', '{"id":"a","qty":-1}')).toThrow(InputError);
    expect(() => reader.read('t\u0000a', '{"id":"a","qty":-1}')).toThrow(/qty/);
  });

  it('applies defaults and transforms on every read of a text that does not already hold them', () => {
    const WithDefault = z.object({ id: z.string(), status: z.string().default('open') });
    const reader = validatedReader(WithDefault, 'stored thing');
    expect(reader.read('k', '{"id":"a"}')).toEqual({ id: 'a', status: 'open' });
    expect(reader.read('k', '{"id":"a"}')).toEqual({ id: 'a', status: 'open' });
  });

  it('gives each read its own object, so a caller changing one cannot change what the next caller reads', () => {
    const reader = validatedReader(Doc, 'stored thing');
    const first = reader.read('k', '{"id":"a","qty":1}');
    first.qty = 99;
    expect(reader.read('k', '{"id":"a","qty":1}').qty).toBe(1);
  });
});
