import { describe, expect, it } from 'vitest';
import { ManualClock } from '../domain/index.ts';
import { type ModelFallback, OfflineChatModel, scriptedRules, structuredReply } from '../llm/index.ts';
import type { AgentDeps } from './agent.ts';
import { phrase } from './wording.ts';

const draft = 'We missed you today (not home). We will deliver o-1 again on 2026-11-24 between 10:00 UTC and 12:00 UTC.';
const facts = ['o-1', '2026-11-24', '10:00 UTC', '12:00 UTC'];

function deps(...replies: Parameters<typeof scriptedRules>): { deps: AgentDeps; log: ModelFallback[] } {
  const log: ModelFallback[] = [];
  const model = new OfflineChatModel(scriptedRules(...replies));
  return { log, deps: { ports: {} as AgentDeps['ports'], store: {} as AgentDeps['store'], clock: new ManualClock(0), llm: { model, modelId: 'test-model', log: (e) => log.push(e) } } };
}

describe('customer wording', () => {
  it('uses the model\'s rewording when it keeps every fact, and names the model', async () => {
    const body = 'Sorry we missed you! Order o-1 comes again on 2026-11-24 between 10:00 UTC and 12:00 UTC.';
    const { deps: d, log } = deps(structuredReply({ body }));
    expect(await phrase(d, 'customer.failed_attempt', draft, facts)).toEqual({ body, model: 'test-model' });
    expect(log).toEqual([]);
  });

  it('keeps the rule-based draft, and logs why, when the model changes a fact, fails, or there is no model', async () => {
    const wrongDay = deps(structuredReply({ body: 'Order o-1 comes again tomorrow between 10:00 UTC and 12:00 UTC.' }));
    expect(await phrase(wrongDay.deps, 'customer.failed_attempt', draft, facts)).toEqual({ body: draft });
    expect(wrongDay.log).toMatchObject([{ call: 'customer.failed_attempt', reason: 'invalid_output', modelId: 'test-model' }]);
    expect(wrongDay.log[0]!.detail).toContain('2026-11-24');

    const down = deps(new Error('503 upstream unavailable'));
    expect(await phrase(down.deps, 'customer.eta', draft, facts)).toEqual({ body: draft });
    expect(down.log).toMatchObject([{ reason: 'api_error' }]);

    const { llm: _none, ...offline } = down.deps;
    expect(await phrase(offline, 'customer.eta', draft, facts)).toEqual({ body: draft });
  });
});
