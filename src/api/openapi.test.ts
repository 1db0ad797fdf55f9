import { describe, expect, it } from 'vitest';
import { openTinyRuntime } from '../../test/fixtures/tiny-runtime.ts';
import { capacityAgent } from '../agents/capacity.ts';
import { createApp } from '../server.ts';
import { documentedRoutes } from './openapi.ts';

describe('GET /openapi.json', () => {
  it('documents every route the app serves, with query parameters and bodies from the zod schemas', async () => {
    const rt = await openTinyRuntime({ capacity: capacityAgent });
    const app = createApp({ store: rt.store, ports: rt.ports, governance: rt.governance, inbox: rt.inbox, runner: rt.runner, version: '9.9.9' });
    const res = await app.request('/openapi.json');
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; info: { version: string }; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any> } };
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('9.9.9');

    const served = new Set(app.routes.filter((r) => r.method !== 'ALL' && r.path !== '/openapi.json').map((r) => `${r.method} ${r.path}`));
    expect(new Set(documentedRoutes())).toEqual(served);

    const decisions = doc.paths['/v1/decisions']!.get;
    const outcome = decisions.parameters.find((p: { name: string }) => p.name === 'outcome');
    expect(outcome.schema.enum).toContain('queued');
    expect(decisions.parameters.some((p: { name: string }) => p.name === 'tenant')).toBe(false);
    expect(doc.paths['/v1/events']!.post.requestBody.content['application/json'].schema.$ref).toBe('#/components/schemas/CloudEvent');
    expect(doc.components.schemas.CloudEvent.required).toEqual(expect.arrayContaining(['id', 'type', 'source']));
    expect(doc.components.schemas.ReviewVerdict.required).toEqual(['reason']);
    // Every $ref points at a schema that exists.
    const refs = [...JSON.stringify(doc.paths).matchAll(/"#\/components\/schemas\/(\w+)"/g)].map((m) => m[1]!);
    for (const name of refs) expect(doc.components.schemas, name).toHaveProperty(name);
  });
});
