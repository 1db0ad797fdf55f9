import { HumanMessage } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { askStructured, askTools, type ModelFallback } from './ask.ts';
import { createChatModel } from './model.ts';
import { completion, type OpenAiStub, startOpenAiStub, type StubReply, textChunks, toolCallCompletion } from './openai-stub.ts';

const Route = z.object({ agent: z.enum(['capacity', 'carrier']), why: z.string() });
const fallbackRoute = { agent: 'capacity' as const, why: 'routing table' };
const lookUpOrder = tool(async ({ orderId }) => `order ${orderId}`, {
  name: 'get_order', description: 'one order', schema: z.object({ orderId: z.string().min(1) }),
});

let stub: OpenAiStub | undefined;
afterEach(async () => {
  await stub?.close();
  stub = undefined;
});

/** The real ChatOpenAI client, pointed at a stub answering `answer`, with no retries and a short time-out. */
async function realModel(answer: (body: Record<string, unknown>) => StubReply, timeoutMs = 2000) {
  stub = await startOpenAiStub((r) => answer(r.body));
  const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL, MARSHAL_MODEL: 'stub-model' };
  return createChatModel(env, { maxRetries: 0, timeoutMs });
}

function collect(): { log: (e: ModelFallback) => void; entries: ModelFallback[] } {
  const entries: ModelFallback[] = [];
  return { log: (e) => entries.push(e), entries };
}

describe('ChatOpenAI against an OpenAI-compatible stub', () => {
  it('is chosen when OPENAI_API_KEY is set, and answers a plain completion', async () => {
    const { model, modelId, offline } = await realModel(() => ({ json: completion('Hello from the stub') }));
    expect({ modelId, offline }).toEqual({ modelId: 'stub-model', offline: false });
    const answer = await model.invoke([new HumanMessage('hi')]);
    expect(answer.content).toBe('Hello from the stub');
    expect(stub!.requests[0]).toMatchObject({ path: '/v1/chat/completions', body: { model: 'stub-model', temperature: 0 } });
  });

  it('returns a tool call the stub makes, checked against the tool schema', async () => {
    const { model } = await realModel(() => ({ json: toolCallCompletion([{ id: 'call-1', name: 'get_order', args: { orderId: 'o-1' } }]) }));
    const { log, entries } = collect();
    const answer = await askTools({ model, call: 'test.tools', tools: [lookUpOrder], messages: [new HumanMessage('look up o-1')], fallback: [], log });
    expect(answer).toMatchObject({ source: 'model', modelId: 'stub-model', value: [{ name: 'get_order', args: { orderId: 'o-1' }, id: 'call-1' }] });
    expect(entries).toEqual([]);
    const sent = stub!.requests[0]!.body.tools as { function: { name: string } }[];
    expect(sent.map((t) => t.function.name)).toEqual(['get_order']);
  });

  it('falls back when a tool call names a tool that was not bound or breaks its schema', async () => {
    const calls = [[{ id: 'c1', name: 'drop_table', args: {} }], [{ id: 'c2', name: 'get_order', args: { orderId: '' } }]];
    let n = 0;
    const { model } = await realModel(() => ({ json: toolCallCompletion(calls[n++]!) }));
    const { log, entries } = collect();
    const ask = () => askTools({ model, call: 'test.tools', tools: [lookUpOrder], messages: ['which order?'], fallback: () => [{ name: 'get_order', args: { orderId: 'o-9' } }], log });
    expect((await ask()).value).toEqual([{ name: 'get_order', args: { orderId: 'o-9' } }]);
    expect((await ask()).source).toBe('fallback');
    expect(entries.map((e) => e.reason)).toEqual(['unknown_tool', 'invalid_output']);
    expect(entries[1]!.detail).toContain('orderId');
  });

  it('streams SSE chat.completion chunks, text and a tool call in fragments', async () => {
    const toolChunks = [
      { id: 's', object: 'chat.completion.chunk', created: 0, model: 'stub-model', choices: [{ index: 0, delta: { role: 'assistant', tool_calls: [{ index: 0, id: 'call-9', type: 'function', function: { name: 'get_order', arguments: '{"order' } }] }, finish_reason: null }] },
      { id: 's', object: 'chat.completion.chunk', created: 0, model: 'stub-model', choices: [{ index: 0, delta: { tool_calls: [{ index: 0, function: { arguments: 'Id":"o-2"}' } }] }, finish_reason: null }] },
      { id: 's', object: 'chat.completion.chunk', created: 0, model: 'stub-model', choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] },
    ];
    const { model } = await realModel((body) => ({ sse: body.tools ? toolChunks : textChunks(['Truck ', 'v1 ', 'is late.']) }));
    const parts: string[] = [];
    for await (const chunk of await model.stream('status of v1?')) parts.push(chunk.text);
    expect(parts.join('')).toBe('Truck v1 is late.');
    expect(parts.filter((p) => p.length > 0).length).toBe(3);
    expect(stub!.requests[0]!.body.stream).toBe(true);

    const bound = model.bindTools!([lookUpOrder]);
    let whole: Awaited<ReturnType<typeof bound.invoke>> | undefined;
    for await (const chunk of await bound.stream('look up o-2')) whole = whole ? whole.concat(chunk) : chunk;
    expect(whole?.tool_calls).toEqual([expect.objectContaining({ name: 'get_order', args: { orderId: 'o-2' }, id: 'call-9' })]);
  });

  it('parses a structured answer sent as JSON content', async () => {
    const { model } = await realModel(() => ({ json: completion(JSON.stringify({ agent: 'carrier', why: 'tender rejected' })) }));
    const { log, entries } = collect();
    const answer = await askStructured({ model, call: 'orchestrator.route', schema: Route, messages: ['route this'], fallback: fallbackRoute, log });
    expect(answer).toEqual({ value: { agent: 'carrier', why: 'tender rejected' }, source: 'model', modelId: 'stub-model' });
    expect(entries).toEqual([]);
    expect(stub!.requests[0]!.body.response_format).toMatchObject({ type: 'json_schema' });
  });

  it('falls back, logged, on an answer that is not JSON or not in the schema', async () => {
    const answers = ['Sure! The carrier agent.', JSON.stringify({ agent: 'hub', why: 'x' })];
    let n = 0;
    const { model } = await realModel(() => ({ json: completion(answers[n++]!) }));
    const { log, entries } = collect();
    const ask = () => askStructured({ model, call: 'orchestrator.route', schema: Route, messages: ['route this'], fallback: fallbackRoute, log });
    expect(await ask()).toMatchObject({ value: fallbackRoute, source: 'fallback' });
    expect(await ask()).toMatchObject({ value: fallbackRoute, source: 'fallback' });
    expect(entries).toEqual([
      { call: 'orchestrator.route', reason: 'invalid_output', detail: expect.stringContaining('not valid JSON'), modelId: 'stub-model' },
      { call: 'orchestrator.route', reason: 'invalid_output', detail: expect.stringMatching(/^agent: /), modelId: 'stub-model' },
    ]);
  });

  it('falls back, logged, on an HTTP 500', async () => {
    const { model } = await realModel(() => ({ status: 500, json: { error: { message: 'upstream exploded', type: 'server_error' } } }));
    const { log, entries } = collect();
    const answer = await askStructured({ model, call: 'orchestrator.route', schema: Route, messages: ['route this'], fallback: () => fallbackRoute, log });
    expect(answer.source).toBe('fallback');
    expect(entries).toEqual([{ call: 'orchestrator.route', reason: 'api_error', detail: expect.stringContaining('500'), modelId: 'stub-model' }]);
    expect(stub!.requests).toHaveLength(1);
  });

  it('falls back on a slow answer, past the client time-out or the call time-out', async () => {
    const { model } = await realModel(() => ({ hang: true }), 150);
    const { log, entries } = collect();
    const started = performance.now();
    expect((await askStructured({ model, call: 'a', schema: Route, messages: ['x'], fallback: fallbackRoute, log })).source).toBe('fallback');
    expect((await askTools({ model, call: 'b', tools: [lookUpOrder], messages: ['x'], fallback: [], timeoutMs: 50, log })).source).toBe('fallback');
    expect(entries.map((e) => [e.call, e.reason])).toEqual([['a', 'timeout'], ['b', 'timeout']]);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
