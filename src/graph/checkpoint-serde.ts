/**
 * LangGraph's checkpoint serializer with a fast path for plain JSON. Its own serializer walks every value twice in
 * JavaScript (a cycle check, then a replacer called per value) before V8 writes the text; a busy replay writes tens of
 * thousands of checkpoints of a dozen kilobytes. Graph state that is plain JSON (objects, arrays, strings, numbers,
 * booleans, null; no undefined member, class instance or cycle) is written by `JSON.stringify` alone: the same text,
 * since the replacer leaves such values as they are. Anything else takes the serializer it wraps.
 */
import type { BaseCheckpointSaver } from '@langchain/langgraph';

type Serde = BaseCheckpointSaver['serde'];

/** Deeper than any graph state here: past it a value is taken as possibly circular and left to the wrapped serializer. */
const MAX_DEPTH = 64;

/** True when `JSON.stringify` writes `value` exactly as LangGraph's serializer would. */
function isPlain(value: unknown, depth: number): boolean {
  if (value === null) return true;
  switch (typeof value) {
    case 'string': case 'number': case 'boolean':
      return true;
    case 'object': {
      if (depth > MAX_DEPTH) return false;
      if (Array.isArray(value)) {
        for (const item of value) if (!isPlain(item, depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) if (!isPlain((value as Record<string, unknown>)[key], depth + 1)) return false;
      return true;
    }
    default:
      return false;
  }
}

const encoder = new TextEncoder();

/** `fallback` with plain JSON written by V8 directly; reading is the fallback's. */
export function plainJsonFirst(fallback: Serde): Serde {
  return {
    async dumpsTyped(data: unknown): Promise<[string, Uint8Array]> {
      if (!(data instanceof Uint8Array) && isPlain(data, 0)) return ['json', encoder.encode(JSON.stringify(data))];
      return fallback.dumpsTyped(data);
    },
    loadsTyped: (type: string, data: Uint8Array | string) => fallback.loadsTyped(type, data),
  };
}
