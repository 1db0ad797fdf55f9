import { ToolMessage } from '@langchain/core/messages';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { describe, expect, it } from 'vitest';
import { askTools, createChatModel } from '../llm/index.ts';
import { startOpenAiStub, toolCallCompletion } from '../llm/openai-stub.ts';
import { OfflineChatModel } from '../llm/offline.ts';
import { toolList } from './index.ts';
import { openToolWorld } from './test-world.ts';

describe('the tools in a model\'s hands', () => {
  it('every tool converts to an OpenAI function with an object schema', async () => {
    const { tools } = await openToolWorld();
    for (const t of toolList(tools)) {
      const fn = convertToOpenAITool(t).function;
      expect(fn.name).toBe(t.name);
      expect(fn.parameters).toMatchObject({ type: 'object' });
      expect(fn.description?.length).toBeGreaterThan(20);
    }
  });

  it('a tool call from the real client (stub server) runs a read tool and answers with a ToolMessage', async () => {
    const { tools } = await openToolWorld();
    const stub = await startOpenAiStub(() => ({ json: toolCallCompletion([{ id: 'call-1', name: 'get_order_atp', args: { orderId: 'o-2' } }]) }));
    try {
      const { model } = createChatModel({ OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: stub.baseURL }, { maxRetries: 0 });
      const bound = toolList(tools, ['get_order', 'get_order_atp']);
      const answer = await askTools({ model, call: 'test.atp', tools: bound, messages: ['can o-2 ship?'], fallback: [], log: () => {} });
      expect(answer.source).toBe('model');
      const call = answer.value[0]!;
      expect(call).toEqual({ name: 'get_order_atp', args: { orderId: 'o-2' }, id: 'call-1' });
      // A tool invoked with a tool call answers with a ToolMessage carrying its output as JSON.
      const reply = await tools.get_order_atp.invoke({ type: 'tool_call', id: 'call-1', name: call.name, args: call.args as { orderId: string } });
      expect(reply).toBeInstanceOf(ToolMessage);
      expect(JSON.parse(String(reply.content))).toMatchObject({ orderId: 'o-2', allPickable: false });
      const sent = stub.requests[0]!.body.tools as { function: { name: string } }[];
      expect(sent.map((t) => t.function.name)).toEqual(['get_order', 'get_order_atp']);
    } finally {
      await stub.close();
    }
  });

  it('the offline model proposes through a proposal tool, and the proposal is what the tool returns', async () => {
    const { tools } = await openToolWorld('capacity', { kind: 'event', eventId: 'evt-7' });
    const model = new OfflineChatModel(({ tools: bound }) => (bound.some((t) => t.name === 'propose_order_hold')
      ? { toolCalls: [{ name: 'propose_order_hold', args: {
        target: { system: 'oms', type: 'order', id: 'o-1' }, payload: { orderId: 'o-1', reason: 'credit check failed' },
        impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0.6 }, confidence: 0.9, explanation: { summary: 'Hold o-1 until credit clears.' },
      } }] }
      : undefined));
    const answer = await askTools({ model, call: 'capacity.choose', tools: toolList(tools, ['propose_order_hold', 'propose_order_release']), messages: ['o-1 failed credit'], fallback: [], log: () => {} });
    expect(answer.source).toBe('model');
    const proposal = await tools.propose_order_hold.invoke(answer.value[0]!.args as Parameters<typeof tools.propose_order_hold.invoke>[0]);
    expect(proposal).toMatchObject({ kind: 'order.hold', agent: 'capacity', trigger: { eventId: 'evt-7' }, payload: { reason: 'credit check failed' } });
  });
});
