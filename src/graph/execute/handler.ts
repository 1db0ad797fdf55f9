/** An action handler: how one action kind is carried out through the ports, and how it is undone. */
import type { Ports } from '../../connectors/index.ts';
import type { ActionKind, ActionPayload } from '../../domain/index.ts';
import type { Store } from '../../store/index.ts';

export interface ExecContext {
  tenant: string;
  ports: Ports;
  store: Store;
  /** Unique per outbox item: ports dedupe retried writes on it. */
  key: string;
  /** The clock's now, ISO. */
  now: string;
}

/** What a delivery returns: ids and previous values a compensation needs. */
export type ExecResult = Record<string, unknown>;

export interface Handler<K extends ActionKind> {
  execute(payload: ActionPayload<K>, ctx: ExecContext): Promise<ExecResult>;
  /** Undoes an executed action from its payload and result; absent when the kind cannot be undone by Marshal. */
  compensate?(payload: ActionPayload<K>, result: ExecResult, ctx: ExecContext): Promise<ExecResult>;
}

export type Handlers = { [K in ActionKind]: Handler<K> };
