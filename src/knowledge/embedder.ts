/** Embedders: the interface, the OpenAI-compatible one, and the factory that picks it or the offline lexical one. */
import { OpenAIEmbeddings } from '@langchain/openai';
import { z } from 'zod';
import { InputError, parseInput } from '../domain/index.ts';
import { lexicalEmbedder } from './lexical.ts';

/** Turns texts into vectors of `dims` numbers; `id` names the model, and so the persisted index built with it. */
export interface Embedder {
  readonly id: string;
  readonly dims: number;
  embed(texts: string[]): Promise<Float32Array[] | number[][]>;
}

// An empty variable (`OPENAI_API_KEY=` in a .env file) means unset, as in llm/model.ts.
const unsetIfEmpty = (v: unknown) => (v === '' ? undefined : v);

/** The environment the factory reads; other variables are ignored. */
export const EmbedderEnv = z.object({
  OPENAI_API_KEY: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  OPENAI_BASE_URL: z.preprocess(unsetIfEmpty, z.url({ protocol: /^https?$/, error: 'must be an http(s) URL such as http://127.0.0.1:8000/v1' }).optional()),
  MARSHAL_EMBEDDING_MODEL: z.preprocess(unsetIfEmpty, z.string().min(1).optional()),
  MARSHAL_EMBEDDING_DIMS: z.preprocess(unsetIfEmpty, z.coerce.number().int().min(16, 'must be at least 16').max(8192).optional()),
});
export type EmbedderEnv = z.infer<typeof EmbedderEnv>;

export const DEFAULT_EMBEDDING_MODEL = 'text-embedding-3-small';
// Native sizes of OpenAI's models; any other model (a local server's) must state MARSHAL_EMBEDDING_DIMS.
const KNOWN_DIMS: Record<string, number> = {
  'text-embedding-3-small': 1536, 'text-embedding-3-large': 3072, 'text-embedding-ada-002': 1536,
};

export interface EmbedderOptions {
  /** Retries of the real client on rate limits and server errors (default 2); tests use 0. */
  maxRetries?: number;
  /** Per-request time-out of the real client in milliseconds (default 30 000). */
  timeoutMs?: number;
}

/** Chooses the embedder as llm/ chooses the chat model: OpenAIEmbeddings when OPENAI_API_KEY or OPENAI_BASE_URL is set, else lexical. */
export function createEmbedder(env: Record<string, string | undefined>, options: EmbedderOptions = {}): Embedder {
  const e = parseInput(EmbedderEnv, pick(env), 'embedding environment');
  if (!e.OPENAI_API_KEY && !e.OPENAI_BASE_URL) return lexicalEmbedder();
  const model = e.MARSHAL_EMBEDDING_MODEL ?? DEFAULT_EMBEDDING_MODEL;
  const dims = e.MARSHAL_EMBEDDING_DIMS ?? KNOWN_DIMS[model];
  if (dims === undefined) {
    throw new InputError('invalid_input', [{ path: 'MARSHAL_EMBEDDING_DIMS', reason: `is required for the embedding model '${model}' (its vector size)` }], 'embedding environment');
  }
  // Only text-embedding-3 models can shorten their vectors on request; for the others the size is a statement.
  const shorten = model.startsWith('text-embedding-3') && dims !== KNOWN_DIMS[model];
  const client = new OpenAIEmbeddings({
    model,
    // Local servers (Ollama, llama.cpp, vLLM) take any key; the client insists on one.
    apiKey: e.OPENAI_API_KEY ?? 'not-needed',
    ...(e.OPENAI_BASE_URL ? { configuration: { baseURL: e.OPENAI_BASE_URL } } : {}),
    ...(shorten ? { dimensions: dims } : {}),
    // Floats, not the SDK's base64 default: every OpenAI-compatible server (vLLM, Ollama, llama.cpp) answers floats.
    encodingFormat: 'float',
    timeout: options.timeoutMs ?? 30_000,
    maxRetries: options.maxRetries ?? 2,
  });
  return openAiEmbedder(client, `openai-${model}-${dims}`, dims);
}

/** Wraps an OpenAIEmbeddings client; every vector is checked for size and finiteness before it reaches an index. */
export function openAiEmbedder(client: Pick<OpenAIEmbeddings, 'embedDocuments'>, id: string, dims: number): Embedder {
  return {
    id,
    dims,
    async embed(texts) {
      if (texts.length === 0) return [];
      const vectors = await client.embedDocuments(texts);
      if (vectors.length !== texts.length) throw new Error(`embedding model ${id} returned ${vectors.length} vectors for ${texts.length} texts`);
      vectors.forEach((v, i) => checkVector(v, dims, `${id}, text ${i}`));
      return vectors;
    },
  };
}

/** Throws unless `v` has `dims` finite numbers: a wrong-sized vector would corrupt the index silently. */
export function checkVector(v: ArrayLike<number>, dims: number, what: string): void {
  if (v.length !== dims) throw new Error(`${what}: vector has ${v.length} dimensions, expected ${dims}`);
  for (let i = 0; i < v.length; i++) {
    if (!Number.isFinite(v[i])) throw new Error(`${what}: vector component ${i} is not a finite number`);
  }
}

/** An embedder that counts texts and calls, for tests and the benchmark (a re-embed shows up as calls). */
export function countingEmbedder(inner: Embedder): Embedder & { calls: number; texts: number } {
  const counted = {
    id: inner.id,
    dims: inner.dims,
    calls: 0,
    texts: 0,
    embed(texts: string[]) {
      counted.calls += 1;
      counted.texts += texts.length;
      return inner.embed(texts);
    },
  };
  return counted;
}

// Only the variables the factory knows, so a parse error never echoes unrelated environment (or secrets) back.
function pick(env: Record<string, string | undefined>): Record<string, string | undefined> {
  return Object.fromEntries(Object.keys(EmbedderEnv.shape).map((k) => [k, env[k]]));
}
