import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('langgraph.json', () => {
  it('names a graph factory LangGraph Studio can load: the Orchestrator, the gate, the review pause and the agents', async () => {
    const config = JSON.parse(readFileSync(new URL('../../langgraph.json', import.meta.url), 'utf8')) as { graphs: Record<string, string> };
    const [file, exported] = config.graphs.marshal!.split(':') as [string, string];
    const module = (await import(new URL(`../../${file}`, import.meta.url).href)) as Record<string, () => Promise<{ getGraph(): { nodes: Record<string, unknown> } }>>;
    const graph = await module[exported]!();
    const nodes = Object.keys(graph.getGraph().nodes);
    expect(nodes).toEqual(expect.arrayContaining(['orchestrator', 'gate', 'review', 'capacity', 'carrier', 'customer', 'settlement']));
  });
});
