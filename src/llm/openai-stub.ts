/**
 * For tests: an OpenAI-compatible chat-completions server on 127.0.0.1 (random port) whose answers the test scripts,
 * so the real ChatOpenAI client path is exercised without the internet.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the stub answers: a JSON body (with a status), SSE chunks, or nothing until the client gives up. */
export type StubReply =
  | { status?: number; json: unknown }
  | { sse: unknown[] }
  | { hang: true };

export interface StubRequest {
  path: string;
  body: Record<string, unknown>;
}

export interface OpenAiStub {
  /** `http://127.0.0.1:PORT/v1`, for OPENAI_BASE_URL. */
  baseURL: string;
  /** Every request received, in order. */
  requests: StubRequest[];
  close(): Promise<void>;
}

/** Starts the stub; `answer` decides each reply from the request. */
export async function startOpenAiStub(answer: (request: StubRequest) => StubReply): Promise<OpenAiStub> {
  const requests: StubRequest[] = [];
  const server = createServer((req, res) => {
    void readJson(req).then((body) => {
      const request = { path: req.url ?? '', body };
      requests.push(request);
      reply(res, answer(request));
    });
  });
  await new Promise<void>((ready) => server.listen(0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}

function reply(res: ServerResponse, r: StubReply): void {
  if ('hang' in r) return;
  if ('sse' in r) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    for (const chunk of r.sse) res.write(`data: ${JSON.stringify(chunk)}\n\n`);
    res.end('data: [DONE]\n\n');
    return;
  }
  res.writeHead(r.status ?? 200, { 'content-type': 'application/json' });
  res.end(JSON.stringify(r.json));
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

/** A non-streaming completion whose assistant message has `content`. */
export function completion(content: string | null, extra: Record<string, unknown> = {}): unknown {
  return {
    id: 'chatcmpl-stub', object: 'chat.completion', created: 0, model: 'stub-model',
    choices: [{ index: 0, message: { role: 'assistant', content, ...extra }, finish_reason: extra.tool_calls ? 'tool_calls' : 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}

/** A completion calling tools; `arguments` is sent as a JSON string, as the API does. */
export function toolCallCompletion(calls: { id: string; name: string; args: unknown }[]): unknown {
  return completion(null, {
    tool_calls: calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
  });
}

/** Streaming chunks spelling out `parts`, one content delta per part. */
export function textChunks(parts: string[]): unknown[] {
  const chunk = (delta: Record<string, unknown>, finish: string | null) => ({
    id: 'chatcmpl-stub', object: 'chat.completion.chunk', created: 0, model: 'stub-model', choices: [{ index: 0, delta, finish_reason: finish }],
  });
  return [chunk({ role: 'assistant', content: '' }, null), ...parts.map((p) => chunk({ content: p }, null)), chunk({}, 'stop')];
}
