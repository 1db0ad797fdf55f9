/** The Hono app: health, the authenticated /v1 API, and (in later issues) webhooks, streaming and the control tower. */
import { Hono } from 'hono';
import { copilotRoutes } from './api/copilot-routes.ts';
import { decisionRoutes } from './api/decision-routes.ts';
import { eventRoutes } from './api/event-routes.ts';
import type { ApiEnv } from './api/context.ts';
import { onApiError } from './api/errors.ts';
import { openApiDocument } from './api/openapi.ts';
import { planRoutes } from './api/plan-routes.ts';
import { authenticate } from './api/keys.ts';
import { readRoutes } from './api/read-routes.ts';
import { type StreamOptions, streamRoutes } from './api/stream-routes.ts';
import type { Ports } from './connectors/index.ts';
import type { Clock } from './domain/index.ts';
import type { Governance } from './governance/index.ts';
import type { CopilotService } from './graph/copilot-service.ts';
import type { Inbox } from './graph/inbox.ts';
import type { Runner } from './graph/runner.ts';
import type { Store } from './store/index.ts';

export interface AppDeps {
  store: Store;
  ports: Ports;
  governance: Governance;
  inbox: Inbox;
  runner: Runner;
  version: string;
  /** What is running, for /healthz: the sandbox day's name, the simulated time. */
  status?: () => Record<string, unknown>;
  stream?: StreamOptions;
  /**
   * Real time, for the freshness of webhook signatures: senders sign with their wall clock, while the sandbox's
   * simulated day may be anywhere. Defaults to the system clock; tests that sign in simulated time pass theirs.
   */
  wallClock?: Clock;
  /** The dispatcher copilot behind POST /v1/copilot; without it the route answers 503. */
  copilot?: CopilotService;
}

/** Builds the app; tests call it in-process with `app.request()`. */
export function createApp(deps: AppDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();
  app.onError(onApiError);
  app.notFound((c) => c.json({ error: { code: 'no_route', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.get('/healthz', (c) => {
    deps.store.db.prepare('SELECT 1').get();
    return c.json({ status: 'ok', version: deps.version, ...(deps.status?.() ?? {}) });
  });
  const openApi = openApiDocument(deps.version);
  app.get('/openapi.json', (c) => c.json(openApi));
  app.use('/v1/*', async (c, next) => {
    c.set('actor', authenticate(deps.store.db, c.req.header('authorization')));
    await next();
  });
  app.route('/v1', readRoutes(deps.store));
  app.route('/v1', planRoutes(deps.store, deps.ports));
  app.route('/v1', streamRoutes(deps.store, deps.stream));
  app.route('/v1', decisionRoutes(deps.store, deps.governance, deps.runner));
  app.route('/v1', copilotRoutes(deps.copilot));
  // Accepted events are processed after the 202, by one drain at a time.
  app.route('/v1', eventRoutes(deps.store, deps.inbox, () => void deps.runner.drain().catch((error: unknown) => console.error('runner:', error)), deps.wallClock));
  return app;
}
