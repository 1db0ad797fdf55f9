/** Standard operating procedures: read from Markdown files, split into citable chunks, fingerprinted. */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { InputError } from '../domain/index.ts';

/** The SOPs shipped with the sandbox (`src/sandbox/sops/`). */
export const DEFAULT_SOP_DIR = fileURLToPath(new URL('../sandbox/sops/', import.meta.url));

// Bump when the chunking changes: it is part of the fingerprint, so persisted SOP indexes are rebuilt.
const CHUNKER_VERSION = 1;
// Sections longer than this are split at blank lines; a short chunk keeps a hit specific enough to cite.
const MAX_CHUNK_CHARS = 1200;

export interface SopSection {
  heading: string;
  body: string;
}

export interface Sop {
  /** File name, e.g. `vehicle-breakdown.md`. */
  file: string;
  title: string;
  sections: SopSection[];
}

/** One retrievable piece of an SOP: the title and section it came from (the citation) and its text. */
export interface SopChunk {
  file: string;
  title: string;
  section: string;
  text: string;
}

/** The `*.md` files of `dir`, sorted by name, with their contents. */
export function readSopFiles(dir: string): { file: string; content: string }[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((file) => ({ file, content: readFileSync(join(dir, file), 'utf8') }));
}

/** Parses one SOP: `# Title` on the first line, then `## Section` headings; text before the first is "Overview". */
export function parseSop(file: string, content: string): Sop {
  const lines = content.replace(/\r\n/g, '\n').split('\n');
  const first = lines.findIndex((l) => l.trim() !== '');
  const titleLine = lines[first] ?? '';
  if (!/^# \S/.test(titleLine)) {
    throw new InputError('invalid_sop', [{ path: basename(file), reason: 'must start with a "# Title" line' }], 'SOP');
  }
  const sections: SopSection[] = [];
  let current: SopSection = { heading: 'Overview', body: '' };
  for (const line of lines.slice(first + 1)) {
    const heading = /^##\s+(.+?)\s*$/.exec(line);
    if (heading?.[1]) {
      if (current.body.trim()) sections.push({ ...current, body: current.body.trim() });
      current = { heading: heading[1], body: '' };
    } else {
      current.body += `${line}\n`;
    }
  }
  if (current.body.trim()) sections.push({ ...current, body: current.body.trim() });
  return { file, title: titleLine.slice(2).trim(), sections };
}

/** The chunks of one SOP: a section each, or its paragraphs (list items) grouped up to MAX_CHUNK_CHARS when long. */
export function chunkSop(sop: Sop): SopChunk[] {
  const chunks: SopChunk[] = [];
  for (const { heading, body } of sop.sections) {
    let text = '';
    for (const { piece, sep } of pieces(body)) {
      if (text && text.length + piece.length > MAX_CHUNK_CHARS) {
        chunks.push({ file: sop.file, title: sop.title, section: heading, text });
        text = '';
      }
      text = text ? `${text}${sep}${piece}` : piece;
    }
    if (text) chunks.push({ file: sop.file, title: sop.title, section: heading, text });
  }
  return chunks;
}

// Paragraphs, and the items of a list too long to keep whole (so a group of steps stays together), each with the
// separator that came before it, so joining them back gives the section's text.
function pieces(body: string): { piece: string; sep: string }[] {
  return body.split(/\n\s*\n/).flatMap((paragraph) => {
    const items = paragraph.length > MAX_CHUNK_CHARS ? paragraph.split(/\n(?=\d+\. |- )/) : [paragraph];
    return items.map((piece, i) => ({ piece, sep: i === 0 ? '\n\n' : '\n' }));
  });
}

/** What gets embedded for a chunk: title and section first, so "What to record" of one SOP differs from another's. */
export function sopEmbeddingText(chunk: SopChunk): string {
  return `${chunk.title}. ${chunk.title}. ${chunk.section}.\n${chunk.text}`;
}

/** Every SOP of `dir` parsed and chunked, with a fingerprint of the files (names and contents) and the chunker. */
export function loadSops(dir: string): { sops: Sop[]; chunks: SopChunk[]; fingerprint: string } {
  const files = readSopFiles(dir);
  const hash = createHash('sha256').update(`chunker-v${CHUNKER_VERSION}\0`);
  for (const { file, content } of files) hash.update(`${file}\0${content}\0`);
  const sops = files.map(({ file, content }) => parseSop(file, content));
  return { sops, chunks: sops.flatMap(chunkSop), fingerprint: hash.digest('hex') };
}
