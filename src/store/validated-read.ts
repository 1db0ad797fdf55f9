/**
 * Reads stored JSON documents through their zod schema once per distinct text. Every document is validated when
 * it is written, and a stored text that has already passed the schema passes it again, so a read of the same
 * (key, text) pair needs no schema, and no JSON parse either: it hands out the document parsed the first time, deeply
 * frozen, so no reader can change what the next one gets. A row changed behind our back has a new text and is
 * validated again.
 */
import type { z } from 'zod';
import { deepFreeze, parseInput } from '../domain/index.ts';

/** Keys remembered before the memory is dropped and rebuilt: a day's open documents fit many times over. */
const MAX_KEYS = 50_000;
/**
 * Characters of text remembered before the same: the key count alone let a large tenant's plan versions (a megabyte
 * each, thousands a day) hold gigabytes. The parsed documents kept with the texts take a few times as much heap.
 */
const MAX_CHARS = 32 * 1024 * 1024;

/** A reader for one schema; `what` names the document in errors (`stored order`). */
export function validatedReader<S extends z.ZodType>(schema: S, what: string, limits: { maxChars?: number } = {}) {
  type Doc = z.output<S>;
  const maxChars = limits.maxChars ?? MAX_CHARS;
  // The text that passed under each key, and the frozen document it reads as once it has been read.
  let passed = new Map<string, { text: string; doc?: Doc }>();
  let chars = 0;
  const remember = (key: string, text: string, doc?: Doc) => {
    if (passed.size >= MAX_KEYS || chars + text.length > maxChars) {
      passed = new Map();
      chars = 0;
    }
    chars += text.length - (passed.get(key)?.text.length ?? 0);
    passed.set(key, doc === undefined ? { text } : { text, doc });
  };
  return {
    /**
     * The document stored as `text` under `key`, validated unless this exact text already passed; frozen and shared
     * when its text round-trips (all of Marshal's documents do), else a fresh parse.
     */
    read(key: string, text: string): Doc {
      const known = passed.get(key);
      if (known?.text === text) {
        if (known.doc !== undefined) return known.doc;
        const doc = deepFreeze(JSON.parse(text) as Doc);
        known.doc = doc;
        return doc;
      }
      const doc = parseInput(schema, JSON.parse(text), what);
      // Only a text that parses to itself may skip the schema later: a transform or default would be lost.
      if (JSON.stringify(doc) === text) remember(key, text, deepFreeze(doc));
      return doc;
    },
    /**
     * Notes a text the caller just wrote as `JSON.stringify` of a document this schema accepted, so its first read
     * only parses it. Only for schemas with no defaults or transforms, whose output re-validates to itself.
     */
    wrote(key: string, text: string): void {
      remember(key, text);
    },
  };
}
