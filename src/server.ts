/** The Hono app: health, the /v1 API and, in later issues, webhooks, streaming and the control tower. */
import { Hono } from 'hono';
import { onApiError } from './api/errors.ts';
import { readRoutes } from './api/read-routes.ts';
import type { Store } from './store/index.ts';

export interface AppDeps {
  store: Store;
  version: string;
  /** What is running, for /healthz: the sandbox day's name, the simulated time. */
  status?: () => Record<string, unknown>;
}

/** Builds the app; tests call it in-process with `app.request()`. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.onError(onApiError);
  app.notFound((c) => c.json({ error: { code: 'no_route', message: `no route for ${c.req.method} ${c.req.path}` } }, 404));
  app.get('/healthz', (c) => {
    deps.store.db.prepare('SELECT 1').get();
    return c.json({ status: 'ok', version: deps.version, ...(deps.status?.() ?? {}) });
  });
  app.route('/v1', readRoutes(deps.store));
  return app;
}
