/** Assembles a running Marshal over the embedded sandbox: the world, its ports, the dispatch store, the day's cursor. */
import { join } from 'node:path';
import type { Ports } from '../connectors/index.ts';
import type { AgentName, EventType, ManualClock, MarshalEvent } from '../domain/index.ts';
import { type Governance, openGovernance } from '../governance/index.ts';
import type { Policy } from '../policies/index.ts';
import { applyEvent, getMeta, loadScenario, openSandbox, type Sandbox, type Scenario } from '../sandbox/index.ts';
import { openStore, statement, type Store, withStatementCache } from '../store/index.ts';
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import { plainJsonFirst } from './checkpoint-serde.ts';
import type { Agent, AgentModel } from '../agents/agent.ts';
import { ROUTES } from './routing.ts';
import { capacityAgent } from '../agents/capacity.ts';
import { carrierAgent } from '../agents/carrier.ts';
import { customerAgent } from '../agents/customer.ts';
import { dispatchAgent } from '../agents/dispatch.ts';
import { hubAgent } from '../agents/hub.ts';
import { settlementAgent } from '../agents/settlement.ts';
import { buildGraph, type MarshalGraph } from './graph.ts';
import { type Inbox, openInbox } from './inbox.ts';
import { createRunner, type Runner } from './runner.ts';

export interface Runtime {
  store: Store;
  governance: Governance;
  inbox: Inbox;
  runner: Runner;
  /** The compiled agent graph (LangGraph Studio opens it through src/graph/studio.ts). */
  graph: MarshalGraph;
  sandbox: Sandbox;
  ports: Ports;
  day: Scenario;
  /** Index of the next event of the day to play; survives restarts. */
  cursor(): number;
  /** Lets one event of the day happen: the world changes, Marshal records it and runs its agents; the cursor moves on. */
  ingest(event: MarshalEvent, index: number): Promise<void>;
  /**
   * Lets several events of the day happen (the first at `index`) before Marshal runs its agents once on them all, as
   * the runner finds them: consecutive events of a batchable type (a wave of picks) run as one graph run.
   */
  ingestAll(events: readonly MarshalEvent[], index: number): Promise<void>;
  close(): void;
}

export interface RuntimeOptions {
  policy: Policy;
  /** Where the policy came from, for the decision log. */
  policySource: string;
  /** A language model for the agents' edges (notice wording); without one they use their rule-based wording. */
  llm?: AgentModel;
  /** Which agents run (all when absent): a replay baseline leaves out Dispatch and Carrier and plans on its own. */
  agents?: readonly AgentName[];
  /** Checkpoint the store's WAL on a worker thread (a long-running server or a long replay). */
  backgroundCheckpoint?: boolean;
}

/** Event types that every running agent on their route lists in `batches`: only those run several events at once. */
export function batchableTypes(agents: Partial<Record<AgentName, Agent>>): Set<EventType> {
  const types = (Object.keys(ROUTES) as EventType[]).filter((type) => {
    const route = ROUTES[type].filter((a) => agents[a]);
    return route.length > 0 && route.every((a) => agents[a]!.onBatch !== undefined && (agents[a]!.batches ?? []).includes(type));
  });
  return new Set(types);
}

/** Opens `marshal.db` and `sandbox.db` in `dataDir` (loading the day into a new world) and seeds tenant and fleet. */
export function openRuntime(dataDir: string, day: Scenario, clock: ManualClock, options: RuntimeOptions): Runtime {
  const sandbox = openSandbox(join(dataDir, 'sandbox.db'), { clock });
  const store = openStore(join(dataDir, 'marshal.db'), { clock, ...(options.backgroundCheckpoint ? { backgroundCheckpoint: true } : {}) });
  let governance: Governance;
  try {
    governance = openGovernance({ db: store.db, clock, policy: options.policy, policySource: options.policySource });
    const loaded = getMeta(sandbox.world, 'scenario');
    if (loaded === undefined) loadScenario(sandbox.world, day);
    else if (loaded !== day.name) {
      throw new Error(`${dataDir} holds the sandbox day '${loaded}', not '${day.name}'; use another --data directory or delete it`);
    }
    store.transaction(() => {
      store.tenants.put(day.tenant);
      for (const v of day.vehicles) if (!store.vehicles.get(v.tenant, v.id)) store.vehicles.put(v);
    });
  } catch (error) {
    sandbox.close();
    store.close();
    throw error;
  }
  const cursorRow = () => Number(getMeta(sandbox.world, 'played') ?? '0');
  const inbox = openInbox(store.db, clock);
  const all = { capacity: capacityAgent, dispatch: dispatchAgent, carrier: carrierAgent, hub: hubAgent, customer: customerAgent, settlement: settlementAgent };
  const agents = options.agents ? Object.fromEntries(Object.entries(all).filter(([name]) => options.agents!.includes(name as AgentName))) : all;
  const checkpointer = new SqliteSaver(withStatementCache(store.db));
  checkpointer.serde = plainJsonFirst(checkpointer.serde);
  const graph = buildGraph({ ports: sandbox.ports, store, clock, governance, agents, checkpointer, ...(options.llm ? { llm: options.llm } : {}) });
  const runner = createRunner({ inbox, graph, governance, store, ports: sandbox.ports, clock, batchable: batchableTypes(agents) });
  return {
    store,
    governance,
    inbox,
    runner,
    graph,
    sandbox,
    ports: sandbox.ports,
    day,
    cursor: cursorRow,
    async ingest(event, index) {
      await this.ingestAll([event], index);
    },
    async ingestAll(events, index) {
      const played = cursorRow();
      // Events played before a restart are not played again, and nothing is run for them.
      if (index + events.length <= played) return;
      const fresh = events.slice(Math.max(0, played - index));
      // A wave takes one transaction on each side, not three commits an event.
      sandbox.world.db.transaction(() => {
        for (const event of fresh) applyEvent(sandbox.world, event);
      })();
      // Stored before the cursor moves: a crash in between plays the events again, and the inbox drops the duplicates.
      store.transaction(() => {
        for (const event of fresh) inbox.accept(event);
      });
      statement(sandbox.world.db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('played', ?)").run(String(index + events.length));
      await runner.drain();
    },
    close() {
      sandbox.close();
      store.close();
    },
  };
}
