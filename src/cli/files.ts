/** File helpers for commands: atomic writes, so a crash never leaves half a file, and reading a day file. */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { InputError, parseInput } from '../domain/index.ts';
import { Scenario } from '../sandbox/index.ts';

/** Writes `text` to `file` through a temporary file and a rename; `mode` 0o600 keeps secrets to the owner. */
export function writeFileAtomic(file: string, text: string, mode = 0o644): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode });
  renameSync(tmp, file);
}

/** Reads and validates a sandbox day file; errors name the file and the field. */
export function readDayFile(file: string): Scenario {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new InputError('bad_day_file', [{ path: file, reason: error instanceof Error ? error.message : String(error) }]);
  }
  return parseInput(Scenario, raw, file);
}

/** The lines of a file, read in 1 MiB chunks so a large export never sits in memory whole. */
export function* readLinesSync(file: string): Generator<string> {
  const fd = openSync(file, 'r');
  const buffer = Buffer.alloc(1 << 20);
  const decoder = new StringDecoder('utf8');
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      const parts = (rest + decoder.write(buffer.subarray(0, n))).split('\n');
      rest = parts.pop() ?? '';
      yield* parts;
    }
    rest += decoder.end();
    if (rest !== '') yield rest;
  } finally {
    closeSync(fd);
  }
}
