import { afterEach, describe, expect, it } from 'vitest';
import { type OpenAiStub, startOpenAiStub } from '../llm/openai-stub.ts';
import { openStore } from '../store/index.ts';
import { createEmbedder, lexicalEmbedder, openKnowledge, tokenize } from './index.ts';
import { lexicalVector } from './lexical.ts';

const cosine = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += a[i]! * b[i]!;
  return dot;
};

describe('the offline lexical embedder', () => {
  it('normalises words: case, accents, contractions, plurals, tenses, stop words and a few irregular forms', () => {
    expect(tokenize("The customer WASN'T home; the Café's drivers refused")).toEqual(['customer', 'hom', 'caf', 'driver', 'refus']);
    expect(tokenize('truck broke down')).toEqual(tokenize('trucks breaking down'));
    expect(tokenize('breakdown')).toEqual(['break', 'down']);
    expect(tokenize('what did we do last time')).toEqual([]);
  });

  it('is deterministic, unit length and of the stated size', async () => {
    const e = lexicalEmbedder();
    expect(e).toMatchObject({ id: 'lexical-v1-512', dims: 512 });
    const [a, b] = await e.embed(['reefer broke down at depot North', 'reefer broke down at depot North']);
    expect(Array.from(a!)).toEqual(Array.from(b!));
    expect(cosine(a!, a!)).toBeCloseTo(1, 5);
    expect(lexicalEmbedder(64).id).toBe('lexical-v1-64');
    expect(() => lexicalEmbedder(3)).toThrow(/dims must be an integer >= 16/);
  });

  it('puts a breakdown question nearer a breakdown text than a customs one, in a dispatcher\'s words', () => {
    const q = lexicalVector('our truck broke down on the motorway', 512);
    const breakdown = lexicalVector('Vehicle breakdown: the lorry has an engine fault; re-plan its stops onto other vehicles.', 512);
    const customs = lexicalVector('Customs hold: the broker needs a certificate of origin before clearance.', 512);
    expect(cosine(q, breakdown)).toBeGreaterThan(cosine(q, customs) + 0.1);
  });
});

describe('createEmbedder', () => {
  let stub: OpenAiStub | undefined;
  afterEach(async () => {
    await stub?.close();
    stub = undefined;
  });

  it('is the lexical embedder without OPENAI_API_KEY and OPENAI_BASE_URL (an empty one counts as unset)', () => {
    expect(createEmbedder({}).id).toBe('lexical-v1-512');
    expect(createEmbedder({ OPENAI_API_KEY: '', OPENAI_BASE_URL: '' }).id).toBe('lexical-v1-512');
  });

  it('is OpenAI embeddings with a key; sizes come from the model or MARSHAL_EMBEDDING_DIMS', () => {
    expect(createEmbedder({ OPENAI_API_KEY: 'sk-test' })).toMatchObject({ id: 'openai-text-embedding-3-small-1536', dims: 1536 });
    expect(createEmbedder({ OPENAI_API_KEY: 'sk-test', MARSHAL_EMBEDDING_MODEL: 'text-embedding-3-large', MARSHAL_EMBEDDING_DIMS: '256' }))
      .toMatchObject({ id: 'openai-text-embedding-3-large-256', dims: 256 });
    expect(() => createEmbedder({ OPENAI_API_KEY: 'k', MARSHAL_EMBEDDING_MODEL: 'nomic-embed-text' })).toThrow(/MARSHAL_EMBEDDING_DIMS: is required/);
    expect(() => createEmbedder({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'not a url' })).toThrow(/OPENAI_BASE_URL: must be an http\(s\) URL/);
  });

  it('drives the knowledge index through the real client against an OpenAI-compatible server', async () => {
    // The stub answers each input with its lexical vector, so retrieval over the wire matches retrieval offline.
    stub = await startOpenAiStub(({ body }) => {
      const input = body.input as string[];
      return { json: { object: 'list', model: body.model, data: input.map((t, index) => ({ object: 'embedding', index, embedding: Array.from(lexicalVector(t, 64)) })) } };
    });
    // A local server needs no key: the base URL alone selects the real client.
    const embedder = createEmbedder({ OPENAI_BASE_URL: stub.baseURL, MARSHAL_EMBEDDING_MODEL: 'local-embed', MARSHAL_EMBEDDING_DIMS: '64' }, { maxRetries: 0 });
    expect(embedder).toMatchObject({ id: 'openai-local-embed-64', dims: 64 });
    const store = openStore(':memory:');
    const k = await openKnowledge({ db: store.db, embedder });
    expect((await k.search('stuck at customs', { k: 1 }))[0]?.citation).toMatchObject({ file: 'customs-hold.md' });
    expect(stub.requests[0]).toMatchObject({ path: '/v1/embeddings', body: { model: 'local-embed', encoding_format: 'float' } });
  });

  it('refuses vectors of the wrong size from the server', async () => {
    stub = await startOpenAiStub(({ body }) => ({ json: { data: (body.input as string[]).map((_, index) => ({ index, embedding: [0.1, 0.2] })) } }));
    const embedder = createEmbedder({ OPENAI_API_KEY: 'local', OPENAI_BASE_URL: stub.baseURL, MARSHAL_EMBEDDING_MODEL: 'm', MARSHAL_EMBEDDING_DIMS: '64' }, { maxRetries: 0 });
    await expect(embedder.embed(['x'])).rejects.toThrow(/vector has 2 dimensions, expected 64/);
  });
});
