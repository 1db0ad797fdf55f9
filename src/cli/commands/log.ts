/** `marshal log verify|export|show`: the decision log for auditors and dispatchers. */
import Database from 'better-sqlite3';
import { createWriteStream, existsSync } from 'node:fs';
import { InputError } from '../../domain/index.ts';
import { defaultThreads, entryFromRow, exportJsonl, formatDecision, queryDecisions, verifyFile, verifyJsonl, type VerifyResult } from '../../ledger/index.ts';
import type { Command, Io } from '../command.ts';
import { readLinesSync } from '../files.ts';
import { intFlag, parseFlags } from '../flags.ts';

const DEFAULT_DB = 'var/marshal.db';

/** Opens an existing Marshal database read-only; a missing file is an error naming it. */
function openReadOnly(file: string): Database.Database {
  if (!existsSync(file)) throw new InputError('no_database', [{ path: '--db', reason: `${file} does not exist` }]);
  return new Database(file, { readonly: true, fileMustExist: true });
}

function report(result: VerifyResult, io: Io, source: string): number {
  if (result.ok) {
    io.out(`OK: ${result.count} entries in ${source}, head ${result.head}`);
    return 0;
  }
  const b = result.broken;
  io.out(`BROKEN at ${b.where}${b.id ? ` (${b.id})` : ''}: ${b.problem}: ${b.detail}\n${result.count} entries before it verify.`);
  return 1;
}

export const logVerifyCommand: Command = {
  name: 'log verify',
  summary: 'walk the decision log hash chain and name the first broken entry',
  help: `usage: marshal log verify [--db FILE [--threads N] | --jsonl FILE]

Recomputes every entry's hash from the previous one (on several cores for a large log). Prints OK with the count and head hash, or the first broken
entry and why (hash mismatch, gap in sequence, seq mismatch, broken link). Exit code 0 when intact, 1 when not.

  --db FILE     a Marshal database (default ${DEFAULT_DB})
  --threads N   threads for a large log, this one included (default ${defaultThreads()} here: the cores, at most 4); 1 walks it on one
  --jsonl FILE  an export made by 'marshal log export --jsonl', checked without any database
`,
  async run(args, io) {
    const { values } = parseFlags(args, { db: { type: 'string' }, jsonl: { type: 'string' }, threads: { type: 'string' } });
    if (values.jsonl) {
      if (!existsSync(values.jsonl)) throw new InputError('no_file', [{ path: '--jsonl', reason: `${values.jsonl} does not exist` }]);
      return report(verifyJsonl(readLinesSync(values.jsonl)), io, values.jsonl);
    }
    const file = values.db ?? DEFAULT_DB;
    openReadOnly(file).close();
    const threads = intFlag('threads', values.threads, defaultThreads(), 1, 64);
    return report(await verifyFile(file, { threads }), io, file);
  },
};

export const logExportCommand: Command = {
  name: 'log export',
  summary: 'write the decision log as JSONL, one entry with its hashes per line',
  help: `usage: marshal log export --jsonl [--db FILE] [--out FILE]

Writes every entry with its prevHash and hash, so an auditor can check a copy with 'marshal log verify --jsonl'.

  --db FILE   a Marshal database (default ${DEFAULT_DB})
  --out FILE  where to write (default standard output)
`,
  async run(args, io) {
    const { values } = parseFlags(args, { db: { type: 'string' }, out: { type: 'string' }, jsonl: { type: 'boolean' } });
    if (!values.jsonl) throw new InputError('bad_usage', [{ path: '--jsonl', reason: 'JSONL is the only export format; pass --jsonl' }]);
    const db = openReadOnly(values.db ?? DEFAULT_DB);
    try {
      if (!values.out) {
        const n = exportJsonl(db, (line) => process.stdout.write(line));
        io.err(`exported ${n} entries`);
        return 0;
      }
      const out = createWriteStream(values.out);
      const n = exportJsonl(db, (line) => out.write(line));
      await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
      io.err(`exported ${n} entries to ${values.out}`);
      return 0;
    } finally {
      db.close();
    }
  },
};

export const logShowCommand: Command = {
  name: 'log show',
  summary: 'print one decision as a person reads it',
  help: `usage: marshal log show ID [--db FILE] [--json]

Prints the trigger, agent, impact, inputs, constraints, alternatives, level, outcome and who acted, and any later
decision acting on it (approval, rejection, override).

  --db FILE  a Marshal database (default ${DEFAULT_DB})
  --json     the stored entry as JSON
`,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, { db: { type: 'string' }, json: { type: 'boolean' } }, true);
    const id = positionals[0];
    if (!id || positionals.length > 1) throw new InputError('bad_usage', [{ path: 'ID', reason: 'give exactly one decision id, e.g. dec-00000042' }]);
    const db = openReadOnly(values.db ?? DEFAULT_DB);
    try {
      const row = db.prepare('SELECT seq, body, prev_hash, hash FROM decision_log WHERE id = ?').get(id) as Parameters<typeof entryFromRow>[0] | undefined;
      if (!row) throw new InputError('not_found', [{ path: 'ID', reason: `no decision '${id}' in the log` }]);
      const entry = entryFromRow(row);
      if (values.json) {
        io.out(JSON.stringify(entry, null, 2));
        return 0;
      }
      const later = queryDecisions(db, { tenant: entry.tenant, refersTo: entry.id, limit: 1000 }).entries;
      io.out(formatDecision(entry, later));
      return 0;
    } finally {
      db.close();
    }
  },
};
