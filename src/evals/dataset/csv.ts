/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, each record with the line it starts on. */

export interface CsvRecord {
  /** 1-based line number where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/** Parses CSV text into records; blank lines are skipped. An unclosed quote is reported by the line it opened on, and
 * text after a closing quote (`"x"y`, which spreadsheets would read as `xy`) by its line. */
export function parseCsv(text: string): { records: CsvRecord[]; unclosedQuoteAt?: number; textAfterQuoteAt: number[] } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const textAfterQuoteAt: number[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  /** The current field was quoted: `""` is an empty value, not a blank line. */
  let wasQuoted = false;
  let closedAt = -1;
  let quoteLine = 0;
  // A record made of one empty unquoted field is a blank line, not data.
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '' && !wasQuoted)) records.push({ line: start, fields });
    fields = [];
    field = '';
    wasQuoted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        closedAt = i;
      } else {
        // A line break inside quotes is LF, CRLF or a lone CR: each moves the line count once.
        if (c === '\n' || (c === '\r' && src[i + 1] !== '\n')) line++;
        field += c;
      }
    } else if (c === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
      wasQuoted = false;
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      if (closedAt >= 0 && closedAt === i - 1 && textAfterQuoteAt.at(-1) !== line) textAfterQuoteAt.push(line);
      field += c;
    }
  }
  if (quoted) return { records, unclosedQuoteAt: quoteLine, textAfterQuoteAt };
  if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { records, textAfterQuoteAt };
}

/** One CSV field, quoted when it holds a comma, a quote or a line break. */
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** CSV text with a header line and LF line ends; absent values are empty fields. */
export function toCsv(columns: readonly string[], rows: readonly Record<string, string | number | undefined>[]): string {
  const lines = [columns.map(csvField).join(',')];
  for (const row of rows) lines.push(columns.map((c) => csvField(row[c] === undefined ? '' : String(row[c]))).join(','));
  return `${lines.join('\n')}\n`;
}
