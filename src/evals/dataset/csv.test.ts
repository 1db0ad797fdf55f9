/** CSV as spreadsheets write it: quoted commas, quotes and line breaks survive, and each record knows its line. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from './csv.ts';

describe('csv', () => {
  it('reads back whatever it writes', () => {
    const columns = ['a', 'b', 'c'];
    // Cells drawn from the characters CSV treats specially, so quotes, commas and line breaks of every kind occur.
    const cell = fc.string({ unit: fc.constantFrom('a', '"', ',', '\r', '\n', ' '), maxLength: 8 });
    fc.assert(fc.property(fc.array(fc.tuple(cell, cell, cell), { maxLength: 20 }), (cells) => {
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

  it('is strict where spreadsheets disagree: text after a closing quote, a quoted empty line, a lone CR inside quotes', () => {
    expect(parseCsv('id,note\n1,"x"y\n2,ok\n').textAfterQuoteAt).toEqual([2]);
    expect(parseCsv('id\n""\n\n3\n').records).toEqual([{ line: 1, fields: ['id'] }, { line: 2, fields: [''] }, { line: 4, fields: ['3'] }]);
    expect(parseCsv('id,note\n1,"a\rb"\n2,c\n').records.map((r) => r.line)).toEqual([1, 2, 4]);
  });
});
