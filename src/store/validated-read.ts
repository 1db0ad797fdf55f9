/**
 * Reads stored JSON documents through their zod schema once per distinct text. Every document is validated when
 * it is written, and a stored text that has already passed the schema passes it again, so a read of the same
 * (key, text) pair only parses the JSON. A row changed behind our back has a new text and is validated again.
 */
import type { z } from 'zod';
import { parseInput } from '../domain/index.ts';

/** Keys remembered before the memory is dropped and rebuilt: a day's open documents fit many times over. */
const MAX_KEYS = 50_000;

/** A reader for one schema; `what` names the document in errors (`stored order`). */
export function validatedReader<S extends z.ZodType>(schema: S, what: string) {
  let passed = new Map<string, string>();
  return {
    /** The document stored as `text` under `key`, validated unless this exact text already passed. */
    read(key: string, text: string): z.output<S> {
      const value: unknown = JSON.parse(text);
      if (passed.get(key) === text) return value as z.output<S>;
      const doc = parseInput(schema, value, what);
      if (passed.size >= MAX_KEYS) passed = new Map();
      // Only a text that parses to itself may skip the schema later: a transform or default would be lost.
      if (JSON.stringify(doc) === text) passed.set(key, text);
      return doc;
    },
    /**
     * Notes a text the caller just wrote as `JSON.stringify` of a document this schema accepted, so its first read
     * only parses it. Only for schemas with no defaults or transforms, whose output re-validates to itself.
     */
    wrote(key: string, text: string): void {
      if (passed.size >= MAX_KEYS) passed = new Map();
      passed.set(key, text);
    },
  };
}
