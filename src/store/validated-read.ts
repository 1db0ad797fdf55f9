/**
 * Reads stored JSON documents through their zod schema once per distinct text. Every document is validated when
 * it is written, and a stored text that has already passed the schema passes it again, so a read of the same
 * (key, text) pair only parses the JSON. A row changed behind our back has a new text and is validated again.
 */
import type { z } from 'zod';
import { parseInput } from '../domain/index.ts';

/** Keys remembered before the memory is dropped and rebuilt: a day's open documents fit many times over. */
const MAX_KEYS = 50_000;
/**
 * Characters of text remembered before the same: the key count alone let a large tenant's plan versions (a megabyte
 * each, thousands a day) hold gigabytes.
 */
const MAX_CHARS = 32 * 1024 * 1024;

/** A reader for one schema; `what` names the document in errors (`stored order`). */
export function validatedReader<S extends z.ZodType>(schema: S, what: string, limits: { maxChars?: number } = {}) {
  const maxChars = limits.maxChars ?? MAX_CHARS;
  let passed = new Map<string, string>();
  let chars = 0;
  const remember = (key: string, text: string) => {
    if (passed.size >= MAX_KEYS || chars + text.length > maxChars) {
      passed = new Map();
      chars = 0;
    }
    chars += text.length - (passed.get(key)?.length ?? 0);
    passed.set(key, text);
  };
  return {
    /** The document stored as `text` under `key`, validated unless this exact text already passed. */
    read(key: string, text: string): z.output<S> {
      const value: unknown = JSON.parse(text);
      if (passed.get(key) === text) return value as z.output<S>;
      const doc = parseInput(schema, value, what);
      // Only a text that parses to itself may skip the schema later: a transform or default would be lost.
      if (JSON.stringify(doc) === text) remember(key, text);
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
