/** The copilot as the server and the CLI use it: the graph over a runtime's parts, with acts followed up by the runner. */
import { SqliteSaver } from '@langchain/langgraph-checkpoint-sqlite';
import type { CopilotDeps } from '../agents/copilot.ts';
import { copilotLexicon, createCopilotModel } from '../agents/copilot.ts';
import type { Ports } from '../connectors/index.ts';
import type { Clock } from '../domain/index.ts';
import type { Governance } from '../governance/index.ts';
import { createEmbedder, type Knowledge, openKnowledge } from '../knowledge/index.ts';
import type { ModelLog } from '../llm/index.ts';
import type { Store } from '../store/index.ts';
import type { CarrierInfo, KnowledgeSearch } from '../tools/copilot/index.ts';
import { buildCopilotGraph, type CopilotEvent, requireConversation, runCopilotTurn, type TurnInput } from './copilot.ts';
import type { Runner } from './runner.ts';

export interface CopilotServiceOptions {
  store: Store;
  ports: Ports;
  clock: Clock;
  governance: Governance;
  /** Resumes runs paused on a review the chat decided, and delivers what an act put in the outbox. */
  runner?: Pick<Runner, 'resumeReview' | 'deliver'>;
  tenant: string;
  carriers: readonly CarrierInfo[];
  depots: readonly { id: string; name: string }[];
  knowledge?: KnowledgeSearch;
  /** The model environment (OPENAI_API_KEY, OPENAI_BASE_URL, MARSHAL_MODEL...). */
  env: Record<string, string | undefined>;
  log: ModelLog;
  /** Options of the real client (tests pass maxRetries 0). */
  model?: { maxRetries?: number; timeoutMs?: number };
}

/** The copilot for one tenant: `turn` runs one message of a conversation and streams its events. */
export interface CopilotService {
  tenant: string;
  modelId: string;
  offline: boolean;
  turn(input: TurnInput, emit?: (event: CopilotEvent) => void | Promise<void>): Promise<Extract<CopilotEvent, { type: 'answer' }>>;
  /** Throws NotFoundError naming `conversationId` unless this user has a conversation of that id. */
  requireConversation(user: TurnInput['user'], conversationId: string): Promise<void>;
}

/**
 * The SOP and decision index beside the database, for the copilot; when it cannot be opened (an embeddings server
 * that is down or has no embeddings endpoint) the copilot runs without it and says so, rather than the server not starting.
 */
export async function openCopilotKnowledge(db: Store['db'], env: Record<string, string | undefined>, warn: (message: string) => void): Promise<Knowledge | undefined> {
  try {
    return await openKnowledge({ db, embedder: createEmbedder(env) });
  } catch (error) {
    warn(`copilot: the SOP and decision index could not be opened (${error instanceof Error ? error.message : String(error)}); SOP look-up is off`);
    return undefined;
  }
}

/** Opens the copilot over a runtime's store (its conversations are checkpointed there), ports and governance. */
export function openCopilotService(o: CopilotServiceOptions): CopilotService {
  const chat = createCopilotModel(o.env, () => copilotLexicon(o), o.clock, o.model ?? {});
  const deps: CopilotDeps = {
    ports: o.ports, store: o.store, clock: o.clock, governance: o.governance, tenant: o.tenant, carriers: o.carriers, depots: o.depots,
    chat, log: o.log, ...(o.knowledge ? { knowledge: o.knowledge } : {}),
    async afterAct(outcome) {
      if (!o.runner) return;
      if (outcome.outcome === 'approved' || outcome.outcome === 'rejected') await o.runner.resumeReview(o.tenant, outcome.reviewId!);
      else if (outcome.outboxId) await o.runner.deliver();
    },
  };
  const graph = buildCopilotGraph(deps, new SqliteSaver(o.store.db));
  return {
    tenant: o.tenant,
    modelId: chat.modelId,
    offline: chat.offline,
    turn: (input, emit = () => undefined) => runCopilotTurn(graph, input, chat.modelId, emit),
    requireConversation: (user, conversationId) => requireConversation(graph, user, conversationId),
  };
}
