/** CSV as spreadsheets write it: quoted commas, quotes and line breaks survive, and each record knows its line. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
  it('reads back whatever it writes', () => {
    const columns = ['a', 'b', 'c'];
    fc.assert(fc.property(fc.array(fc.tuple(fc.string(), fc.string(), fc.string()), { maxLength: 20 }), (cells) => {
      const rows = cells.map(([a, b, c]) => ({ a, b, c }));
      const { records, unclosedQuoteAt } = parseCsv(toCsv(columns, rows));
      expect(unclosedQuoteAt).toBeUndefined();
      expect(records.map((r) => r.fields)).toEqual([columns, ...cells]);
    }));
  });

  it('numbers records by the line they start on, across CRLF, blank lines and quoted line breaks', () => {
    const text = '\uFEFFid,note\r\n1,"two\nlines"\r\n\r\n2,"say ""hi"", twice"\n3,plain';
    expect(parseCsv(text).records).toEqual([
      { line: 1, fields: ['id', 'note'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['2', 'say "hi", twice'] },
      { line: 6, fields: ['3', 'plain'] },
    ]);
    expect(parseCsv('id,note\n1,"never closed\n2,x\n').unclosedQuoteAt).toBe(2);
  });
});
