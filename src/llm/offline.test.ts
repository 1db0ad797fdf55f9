import { AIMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { tool } from '@langchain/core/tools';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { InputError } from '../domain/index.ts';
import { askStructured, askTools, type ModelFallback } from './ask.ts';
import { createChatModel, modelIdOf } from './model.ts';
import { NO_RULE_TEXT, OfflineChatModel, type OfflineRules, scriptedRules, structuredReply } from './offline.ts';

const Route = z.object({ agent: z.enum(['capacity', 'carrier']), why: z.string() });
const tableRoute = { agent: 'capacity' as const, why: 'routing table' };
const getOrder = tool(async ({ orderId }) => orderId, { name: 'get_order', description: 'one order', schema: z.object({ orderId: z.string().min(1) }) });

/** Rules of the kind a real offline deployment would have: keyword in, structured answer out. */
const routeRules: OfflineRules = ({ lastText, tools }) => {
  if (tools.some((t) => t.name === 'get_order')) {
    const id = /\bo-\d+\b/.exec(lastText)?.[0];
    return id ? { toolCalls: [{ name: 'get_order', args: { orderId: id } }] } : undefined;
  }
  if (/tender/i.test(lastText)) return structuredReply({ agent: 'carrier', why: 'a tender event' });
  return /hello/i.test(lastText) ? { text: 'Hello.' } : undefined;
};

function collect(): { log: (e: ModelFallback) => void; entries: ModelFallback[] } {
  const entries: ModelFallback[] = [];
  return { log: (e) => entries.push(e), entries };
}

describe('createChatModel', () => {
  it('gives the offline model without a key (an empty key counts as none)', () => {
    for (const env of [{}, { OPENAI_API_KEY: '' }, { OPENAI_API_KEY: '', MARSHAL_MODEL: 'gpt-4o', PATH: '/bin' }]) {
      const choice = createChatModel(env);
      expect(choice).toMatchObject({ modelId: 'offline', offline: true });
      expect(choice.model).toBeInstanceOf(OfflineChatModel);
    }
  });

  it('a base URL alone is enough: local OpenAI-compatible servers need no key', () => {
    expect(createChatModel({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1', MARSHAL_MODEL: 'llama3.1' })).toMatchObject({ modelId: 'llama3.1', offline: false });
  });

  it('refuses a bad variable, naming it', () => {
    expect(() => createChatModel({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'localhost:8000' })).toThrow(InputError);
    expect(() => createChatModel({ OPENAI_API_KEY: 'k', OPENAI_BASE_URL: 'localhost:8000' })).toThrow(/OPENAI_BASE_URL: must be an http\(s\) URL/);
    expect(() => createChatModel({ MARSHAL_MODEL_TIMEOUT_MS: '-5' })).toThrow(/MARSHAL_MODEL_TIMEOUT_MS/);
  });

  it('names the model: the configured name, or the default', () => {
    expect(createChatModel({ OPENAI_API_KEY: 'k', MARSHAL_MODEL: 'qwen2.5:7b' }).modelId).toBe('qwen2.5:7b');
    const choice = createChatModel({ OPENAI_API_KEY: 'k' });
    expect(modelIdOf(choice.model)).toBe(choice.modelId);
    expect(modelIdOf(fakeModel())).toBe('fake-model-builder');
  });
});

describe('the offline model', () => {
  it('answers by its rules, the same way every time, and says plainly when no rule applies', async () => {
    const model = new OfflineChatModel(routeRules);
    const a = await model.invoke([new SystemMessage('You are Marshal.'), new HumanMessage('hello there')]);
    const b = await new OfflineChatModel(routeRules).invoke([new SystemMessage('You are Marshal.'), new HumanMessage('hello there')]);
    expect(a.content).toBe('Hello.');
    expect(a.id).toBe(b.id);
    expect(a.id).toMatch(/^offline-/);
    const other = await model.invoke('what is the meaning of life?');
    expect(other.content).toBe(NO_RULE_TEXT);
    expect(other.id).not.toBe(a.id);
  });

  it('calls bound tools with deterministic call ids', async () => {
    const bound = new OfflineChatModel(routeRules).bindTools([getOrder]);
    const first = await bound.invoke('where is o-17?');
    const again = await bound.invoke('where is o-17?');
    expect(first.tool_calls).toEqual([{ name: 'get_order', args: { orderId: 'o-17' }, id: `${first.id}-call-0`, type: 'tool_call' }]);
    expect(again.tool_calls).toEqual(first.tool_calls);
  });

  it('plays a script in order for tests, then has no rule', async () => {
    const model = new OfflineChatModel(scriptedRules({ text: 'one' }, new Error('boom'), { text: 'three' }));
    expect((await model.invoke('a')).content).toBe('one');
    await expect(model.invoke('b')).rejects.toThrow('boom');
    expect((await model.invoke('c')).content).toBe('three');
    expect((await model.invoke('d')).content).toBe(NO_RULE_TEXT);
  });
});

describe('askStructured and askTools offline', () => {
  it('takes a valid structured answer from the rules', async () => {
    const { log, entries } = collect();
    const answer = await askStructured({ model: new OfflineChatModel(routeRules), call: 'orchestrator.route', schema: Route, messages: ['a tender was rejected'], fallback: tableRoute, log });
    expect(answer).toEqual({ value: { agent: 'carrier', why: 'a tender event' }, source: 'model', modelId: 'offline' });
    expect(entries).toEqual([]);
  });

  it('falls back when no rule answers, when the answer breaks the schema, and when the model throws', async () => {
    const { log, entries } = collect();
    const model = new OfflineChatModel(scriptedRules({ text: 'no idea' }, structuredReply({ agent: 'hub' }), new Error('connection reset')));
    const ask = () => askStructured({ model, call: 'orchestrator.route', schema: Route, messages: [new HumanMessage('route it')], fallback: () => tableRoute, log });
    for (let i = 0; i < 3; i++) expect(await ask()).toMatchObject({ value: tableRoute, source: 'fallback', modelId: 'offline' });
    expect(entries).toEqual([
      { call: 'orchestrator.route', reason: 'invalid_output', detail: "answer did not parse: 'no idea'", modelId: 'offline' },
      { call: 'orchestrator.route', reason: 'invalid_output', detail: expect.stringMatching(/^answer out of schema: agent: .*; why: is required$/), modelId: 'offline' },
      { call: 'orchestrator.route', reason: 'api_error', detail: 'Error: connection reset', modelId: 'offline' },
    ]);
  });

  it('falls back on a call past its time-out', async () => {
    const slow: OfflineRules = () => new Promise((done) => setTimeout(() => done(structuredReply(tableRoute)), 500));
    const { log, entries } = collect();
    const answer = await askStructured({ model: new OfflineChatModel(slow), call: 'slow', schema: Route, messages: ['x'], fallback: tableRoute, timeoutMs: 20, log });
    expect(answer.source).toBe('fallback');
    expect(entries[0]).toMatchObject({ call: 'slow', reason: 'timeout' });
  });

  it('validates what a scripted fake returns, since fakes skip the schema', async () => {
    const { log, entries } = collect();
    const good = await askStructured({ model: fakeModel().structuredResponse({ agent: 'carrier', why: 'x' }), call: 'f', schema: Route, messages: ['x'], fallback: tableRoute, log });
    const bad = await askStructured({ model: fakeModel().structuredResponse({ agent: 'nobody' }), call: 'f', schema: Route, messages: ['x'], fallback: tableRoute, log });
    expect([good.source, bad.source]).toEqual(['model', 'fallback']);
    expect(entries.map((e) => e.reason)).toEqual(['invalid_output']);
  });

  it('lets the model choose a tool, and falls back when it answers in prose', async () => {
    const { log, entries } = collect();
    const model = new OfflineChatModel(routeRules);
    const chosen = await askTools({ model, call: 'copilot.tools', tools: [getOrder], messages: ['status of o-3'], fallback: [], log });
    expect(chosen.value).toEqual([{ name: 'get_order', args: { orderId: 'o-3' }, id: expect.stringMatching(/-call-0$/) }]);
    const prose = await askTools({ model, call: 'copilot.tools', tools: [getOrder], messages: ['status of everything'], fallback: [{ name: 'get_order', args: { orderId: 'o-1' } }], log });
    expect(prose).toMatchObject({ source: 'fallback', value: [{ name: 'get_order', args: { orderId: 'o-1' } }] });
    expect(entries).toEqual([{ call: 'copilot.tools', reason: 'no_tool_call', detail: `answered without a tool call: '${NO_RULE_TEXT}'`, modelId: 'offline' }]);
  });

  it('reports an unparseable tool call from a scripted fake', async () => {
    const { log, entries } = collect();
    const fake = fakeModel().respond(new AIMessage({ content: '', id: 'm1', invalid_tool_calls: [{ name: 'get_order', args: '{oops', id: 'c1', error: 'bad JSON', type: 'invalid_tool_call' }] }));
    const answer = await askTools({ model: fake, call: 't', tools: [getOrder], messages: ['x'], fallback: [], log });
    expect(answer.source).toBe('fallback');
    expect(entries[0]).toMatchObject({ reason: 'invalid_output', detail: 'unparseable tool call get_order: bad JSON' });
  });
});
