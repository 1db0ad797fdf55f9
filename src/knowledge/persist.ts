/** Where the knowledge index lives on disk and how it is written: whole files, renamed into place, sidecar last. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Sidecar } from './schema.ts';
import type { VectorIndex } from './vectors.ts';

/** The file names of one embedder's index in a knowledge directory. */
export function layout(dir: string, embedderId: string) {
  // Embedder ids may hold characters a file name should not (`/` in some model names).
  const base = embedderId.replace(/[^A-Za-z0-9._-]+/g, '_');
  return {
    dir,
    base,
    sidecar: join(dir, `${base}.json`),
    /** SOP index files are named by fingerprint: a file that exists never needs rewriting. */
    sopFile: (fingerprint: string) => `${base}.sops.${fingerprint.slice(0, 16)}.hnsw`,
  };
}
export type Layout = ReturnType<typeof layout>;

/** The sidecar if it exists, parses and was written for this embedder; otherwise undefined (and a rebuild). */
export function readSidecar(l: Layout, embedder: { id: string; dims: number }): Sidecar | undefined {
  if (!existsSync(l.sidecar)) return undefined;
  try {
    const parsed = Sidecar.safeParse(JSON.parse(readFileSync(l.sidecar, 'utf8')));
    if (!parsed.success) return undefined;
    const s = parsed.data;
    return s.embedder.id === embedder.id && s.embedder.dims === embedder.dims ? s : undefined;
  } catch {
    // A torn or hand-edited sidecar is not an error: the sources are still there, so the index is rebuilt.
    return undefined;
  }
}

/** An index file of the knowledge directory, or undefined when it is missing, unreadable or not `count` points. */
export function readIndexFile(
  l: Layout,
  file: string,
  count: number,
  read: (path: string) => VectorIndex,
): VectorIndex | undefined {
  const path = join(l.dir, file);
  if (!existsSync(path)) return undefined;
  try {
    const index = read(path);
    return index.count === count ? index : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Writes the index files that are not there yet (their names say what is in them), then the sidecar, each to a
 * temporary name renamed into place, and removes this embedder's files the sidecar no longer names. A crash leaves
 * the old sidecar and its files intact.
 */
export function writeAll(l: Layout, sidecar: Sidecar, indexes: readonly { file: string; index: VectorIndex }[]): void {
  mkdirSync(l.dir, { recursive: true });
  const write = (name: string, put: (tmp: string) => void) => {
    const tmp = join(l.dir, `${name}.tmp-${process.pid}`);
    put(tmp);
    renameSync(tmp, join(l.dir, name));
  };
  for (const { file, index } of indexes) {
    if (!existsSync(join(l.dir, file))) write(file, (tmp) => index.write(tmp));
  }
  write(`${l.base}.json`, (tmp) => writeFileSync(tmp, JSON.stringify(sidecar)));
  const keep = new Set([...indexes.map((i) => i.file), `${l.base}.json`]);
  for (const name of readdirSync(l.dir)) {
    if (name.startsWith(`${l.base}.`) && !keep.has(name) && !name.includes('.tmp-')) rmSync(join(l.dir, name), { force: true });
  }
}
