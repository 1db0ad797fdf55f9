/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF, each record with the line it starts on. */

export interface CsvRecord {
  /** 1-based line number where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/** Parses CSV text into records; blank lines are skipped. An unclosed quote is reported by the line it opened on. */
export function parseCsv(text: string): { records: CsvRecord[]; unclosedQuoteAt?: number } {
  const src = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false;
  let quoteLine = 0;
  // A record made of one empty field is a blank line, not data.
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i]!;
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      quoteLine = line;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else field += c;
  }
  if (quoted) return { records, unclosedQuoteAt: quoteLine };
  if (field !== '' || fields.length > 0) endRecord();
  return { records };
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
