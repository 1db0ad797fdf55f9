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

  it('hands out frozen documents, so a caller cannot change what the next caller reads', () => {
    const reader = validatedReader(z.object({ id: z.string(), lines: z.array(z.object({ qty: z.number() })) }), 'stored thing');
    const text = '{"id":"a","lines":[{"qty":1}]}';
    for (let i = 0; i < 2; i++) {
      const doc = reader.read('k', text);
      expect(() => { doc.id = 'b'; }).toThrow(TypeError);
      expect(() => { doc.lines[0]!.qty = 99; }).toThrow(TypeError);
      expect(() => doc.lines.push({ qty: 2 })).toThrow(TypeError);
    }
    expect(reader.read('k', text)).toEqual({ id: 'a', lines: [{ qty: 1 }] });
  });

  it('forgets what it validated once the texts it remembers outgrow their budget, and validates them again', () => {
    let checks = 0;
    const Counted = Doc.superRefine(() => void checks++);
    const reader = validatedReader(Counted, 'stored thing', { maxChars: 40 });
    const text = (id: string) => `{"id":"${id}","qty":10}`;
    reader.read('a', text('a'));
    reader.read('a', text('a'));
    reader.read('b', text('b'));
    expect(checks).toBe(2);
    reader.read('c', text('c'));
    expect(checks).toBe(3);
    reader.read('a', text('a'));
    expect(checks).toBe(4);
  });
});
