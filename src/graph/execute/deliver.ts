/** Delivers due outbox actions to the ports: retries with backoff what may pass later, dead-letters what never will. */
import type Database from 'better-sqlite3';
import type { Ports } from '../../connectors/index.ts';
import { ACTION_PAYLOADS, type ActionKind, type Clock, ConnectorError, MarshalError, parseInput, toIso } from '../../domain/index.ts';
import { dueOutbox, markDelivered, markFailed, type OutboxItem, outboxForDecision } from '../../governance/index.ts';
import type { Store } from '../../store/index.ts';
import type { ExecContext, ExecResult, Handler } from './handler.ts';
import { HANDLERS } from './handlers.ts';

/** Retry rules as data: how many attempts, and how the wait grows between them. */
export interface RetryPolicy {
  maxAttempts: number;
  baseDelaySeconds: number;
  maxDelaySeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 6, baseDelaySeconds: 5, maxDelaySeconds: 900 };

export interface DeliveryDeps {
  db: Database.Database;
  clock: Clock;
  ports: Ports;
  store: Store;
  retry?: RetryPolicy;
}

export interface DeliveryReport {
  delivered: string[];
  retrying: string[];
  dead: string[];
}

/** Whether another attempt could succeed: the caller's mistakes and conflicts never will, outages may. */
function retryable(error: unknown): boolean {
  if (error instanceof ConnectorError) return error.retryable;
  if (error instanceof MarshalError) return error.fault !== 'input' && error.fault !== 'policy';
  return true;
}

async function run(item: OutboxItem, deps: DeliveryDeps, ctx: ExecContext): Promise<ExecResult> {
  const kind: ActionKind = item.kind;
  const handler = HANDLERS[kind] as Handler<ActionKind>;
  const payload = parseInput(ACTION_PAYLOADS[kind], item.action.proposal.payload, `${kind} payload`);
  if (item.action.operation === 'execute') return handler.execute(payload as never, ctx);
  const original = outboxForDecision(deps.db, item.action.overrides);
  if (original && original.status !== 'delivered') {
    // Overridden before it went out: stop the original instead of undoing it.
    markFailed(deps.db, original.id, `overridden by ${item.decisionId} before delivery`, null);
    return { stoppedBeforeDelivery: original.id };
  }
  if (!handler.compensate) throw new MarshalError('no_compensation', 'policy', `${kind} cannot be undone by Marshal; undo it in the system of record`);
  return handler.compensate(payload as never, original?.result ?? {}, ctx);
}

/** Delivers every due item once; returns what happened to each. */
export async function deliverDue(deps: DeliveryDeps, limit = 100): Promise<DeliveryReport> {
  const retry = deps.retry ?? DEFAULT_RETRY;
  const report: DeliveryReport = { delivered: [], retrying: [], dead: [] };
  for (const item of dueOutbox(deps.db, toIso(deps.clock.now()), limit)) {
    const now = deps.clock.now();
    const ctx: ExecContext = { tenant: item.tenant, ports: deps.ports, store: deps.store, key: item.id, now: toIso(now) };
    try {
      const result = await run(item, deps, ctx);
      markDelivered(deps.db, item.id, toIso(deps.clock.now()), result);
      report.delivered.push(item.id);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const attempts = item.attempts + 1;
      if (!retryable(error) || attempts >= retry.maxAttempts) {
        markFailed(deps.db, item.id, message, null);
        report.dead.push(item.id);
      } else {
        const wait = error instanceof ConnectorError && error.retryAfterMs !== undefined
          ? Math.ceil(error.retryAfterMs / 1000)
          : Math.min(retry.maxDelaySeconds, retry.baseDelaySeconds * 2 ** (attempts - 1));
        markFailed(deps.db, item.id, message, toIso(now + wait));
        report.retrying.push(item.id);
      }
    }
  }
  return report;
}
