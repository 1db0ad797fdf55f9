/** `marshal start` (what `npm start` runs): the runtime on the embedded sandbox, the API, and the day playing. */
import { serve } from '@hono/node-server';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { countApiKeys, createApiKey } from '../../api/keys.ts';
import { createWebhookSecret } from '../../api/webhook-signature.ts';
import { InputError, ManualClock, toEpochSeconds, toIso } from '../../domain/index.ts';
import { openCopilotKnowledge, openCopilotService } from '../../graph/copilot-service.ts';
import { openRuntime } from '../../graph/runtime.ts';
import { createChatModel, type ModelFallback } from '../../llm/index.ts';
import { DEFAULT_POLICY_PATH, loadPolicy } from '../../policies/index.ts';
import { generateScenario, serializeScenario } from '../../sandbox/generator/index.ts';
import { playDay } from '../../sandbox/player.ts';
import { createApp } from '../../server.ts';
import type { Command, Io } from '../command.ts';
import { readDayFile, writeFileAtomic } from '../files.ts';
import { intFlag, parseFlags } from '../flags.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const startCommand: Command = {
  name: 'start',
  summary: 'run Marshal on the embedded sandbox: API on :8787 and a sandbox day of events flowing',
  help: `usage: marshal start [--data DIR] [--day FILE] [--policy FILE] [--port N] [--speed N|max] [--seed N] [--orders K]

Opens (or, on first run, generates) a sandbox day, loads it into the simulated ERP/WMS/OMS/carriers, starts the
HTTP API and plays the day's events in simulated time. Stop with Ctrl-C; start again to resume where it stopped.

  --data DIR    where the databases and the day file live (default ./var)
  --day FILE    a sandbox day to run (default DIR/sandbox-day.json, generated when missing)
  --policy FILE the autonomy policy (default policies/default.json); an invalid file stops the start
  --port N      HTTP port (default $PORT or 8787)
  --host H      interface to listen on (default 127.0.0.1)
  --speed N     simulated seconds per real second: 60 plays an hour a minute (default 60); max plays without waiting
  --seed N      seed of a generated day (default 7)
  --orders K    orders in a generated day (default 500)

On first start it creates one API key per role and a webhook signing secret for the sandbox tenant, and writes
them to DIR/api-keys.txt. POST /v1/events takes CloudEvents (structured or binary) signed as Standard Webhooks say.
Endpoints (send "Authorization: Bearer <key>"): GET /healthz (open), /v1/orders, /v1/orders/:id, /v1/fleet,
/v1/decisions, /v1/decisions/:id, POST /v1/decisions/:id/override, /v1/reviews, POST /v1/reviews/:id/approve|reject,
/v1/dead-letters, POST /v1/dead-letters/:id/replay, /v1/plan (?format=geojson), /v1/orders/:id/status (across systems), POST /v1/copilot (the dispatcher copilot, SSE),
POST /v1/events, /v1/stream (decisions as server-sent events), /openapi.json (open).

With OPENAI_API_KEY or OPENAI_BASE_URL (vLLM, Ollama, llama.cpp server; MARSHAL_MODEL names the model) the agents
word customer notices with that model, keeping every id, date and time; without, they use their own wording.
`,
  async run(args, io) {
    const { values } = parseFlags(args, {
      data: { type: 'string' }, day: { type: 'string' }, policy: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' },
      speed: { type: 'string' }, seed: { type: 'string' }, orders: { type: 'string' },
    });
    const policySource = values.policy ?? DEFAULT_POLICY_PATH;
    if (!existsSync(policySource)) throw new InputError('no_policy_file', [{ path: '--policy', reason: `${policySource} does not exist` }]);
    const policy = loadPolicy(readFileSync(policySource, 'utf8'), policySource);
    const data = values.data ?? 'var';
    const port = intFlag('port', values.port ?? process.env.PORT, 8787, 0, 65535);
    const speed = values.speed === 'max' ? Infinity : Number(values.speed ?? '60');
    if (!(speed > 0)) throw new InputError('bad_flag', [{ path: '--speed', reason: `must be a number above 0 or 'max', got '${values.speed}'` }]);
    const dayFile = values.day ?? join(data, 'sandbox-day.json');
    if (!existsSync(dayFile)) {
      if (values.day) throw new InputError('no_day_file', [{ path: '--day', reason: `${dayFile} does not exist` }]);
      const day = generateScenario({
        seed: intFlag('seed', values.seed, 7, 0, 4294967295), orders: intFlag('orders', values.orders, 500, 1, 100_000), depots: 2, vehicles: 20,
      });
      writeFileAtomic(dayFile, serializeScenario(day));
      io.out(`generated sandbox day ${dayFile} (${day.events.length} events)`);
    }
    const day = readDayFile(dayFile);
    const clock = new ManualClock(toEpochSeconds(day.events[0]?.time ?? `${day.date}T00:00:00Z`));
    const chat = createChatModel(process.env);
    const llm = chat.offline ? undefined : { model: chat.model, modelId: chat.modelId, log: (e: ModelFallback) => io.err(`model fallback (${e.call}, ${e.reason}): ${e.detail}`) };
    io.out(chat.offline ? 'language model: none (no OPENAI_API_KEY or OPENAI_BASE_URL); agents use their rule-based wording' : `language model: ${chat.modelId}`);
    const runtime = openRuntime(data, day, clock, { policy, policySource, backgroundCheckpoint: true, ...(llm ? { llm } : {}) });
    const resumeAt = day.events[runtime.cursor() - 1]?.time;
    if (resumeAt) clock.set(toEpochSeconds(resumeAt));

    const keysFile = join(data, 'api-keys.txt');
    if (countApiKeys(runtime.store.db) === 0) {
      const keys = (['dispatcher', 'finance', 'auditor', 'admin', 'integration'] as const).map((role) =>
        createApiKey(runtime.store.db, clock, { tenant: day.tenant.id, role, name: `sandbox-${role}` }));
      const webhook = createWebhookSecret(runtime.store.db, clock, day.tenant.id);
      const lines = [...keys.map((k) => `${k.role.padEnd(12)} ${k.secret}`), `${'webhook'.padEnd(12)} ${webhook}`];
      writeFileAtomic(keysFile, `${lines.join('\n')}\n`, 0o600);
      io.out(`created sandbox API keys for tenant ${day.tenant.id}, one per role: ${keysFile}`);
    }
    const knowledge = await openCopilotKnowledge(runtime.store.db, process.env, (m) => io.err(m));
    const copilot = openCopilotService({
      store: runtime.store, ports: runtime.ports, clock, governance: runtime.governance, runner: runtime.runner, tenant: day.tenant.id,
      carriers: day.carriers, depots: day.depots, ...(knowledge ? { knowledge } : {}), env: process.env, log: (e) => io.err(`model fallback (${e.call}, ${e.reason}): ${e.detail}`),
    });
    const app = createApp({
      copilot,
      store: runtime.store,
      ports: runtime.ports,
      governance: runtime.governance,
      inbox: runtime.inbox,
      runner: runtime.runner,
      version: VERSION,
      status: () => ({ day: day.name, simulatedTime: toIso(clock.now()), eventsPlayed: runtime.cursor(), eventsTotal: day.events.length, speed }),
    });
    const controller = new AbortController();
    const server = await listen(app.fetch, port, values.host ?? '127.0.0.1', io);
    const stop = () => controller.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    try {
      // Events stored before a stop or a crash but not yet processed go first: nothing else may come to wake the runner.
      await runtime.runner.drain();
      let lastHour = -1;
      const played = await playDay(day.events, {
        clock, speed, from: runtime.cursor(), signal: controller.signal,
        onEvent: async (event, index) => {
          await runtime.ingest(event, index);
          const hour = Math.floor(clock.now() / 3600);
          if (hour !== lastHour) {
            lastHour = hour;
            io.out(`[sim ${toIso(clock.now()).slice(11, 16)}Z] ${index + 1}/${day.events.length} events, ${runtime.store.orders.count(day.tenant.id)} orders known`);
          }
        },
      });
      if (!controller.signal.aborted) io.out(`the sandbox day is played (${played} events); still serving, Ctrl-C to stop`);
      await new Promise<void>((resolve) => {
        if (controller.signal.aborted) resolve();
        else controller.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      await new Promise<void>((resolve) => server.close(() => resolve()));
      knowledge?.close();
      runtime.close();
      io.out('stopped');
    }
    return 0;
  },
};

type Server = ReturnType<typeof serve>;

function listen(fetch: (req: Request) => Response | Promise<Response>, port: number, hostname: string, io: Io): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, (info) => {
      io.out(`Marshal listening on http://${hostname === '127.0.0.1' ? 'localhost' : hostname}:${info.port}`);
      resolve(server);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(error.code === 'EADDRINUSE' ? new Error(`port ${port} is in use; pass --port or set PORT`) : error);
    });
  });
}
