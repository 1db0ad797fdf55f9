/** GET /openapi.json: the HTTP API described from the same zod schemas that check its requests. */
import { z } from 'zod';
import { CloudEventEnvelope, DecisionEntry, Order, Plan, Vehicle } from '../domain/index.ts';
import { OutboxItem, Review, ReviewQuery, ReviewVerdict } from '../governance/index.ts';
import { CopilotRequest } from '../graph/copilot.ts';
import { DecisionQuery } from '../ledger/index.ts';
import { Reason } from './decision-routes.ts';
import { PlanQuery } from './plan-routes.ts';
import { FleetQuery, OrdersQuery } from './read-routes.ts';
import { StreamQuery } from './stream-routes.ts';

type Schema = z.ZodType;
type JsonObject = Record<string, unknown>;

interface Operation {
  method: 'get' | 'post';
  path: string;
  summary: string;
  roles?: string;
  query?: z.ZodObject;
  body?: string;
  response?: string;
  /** Content type of a non-JSON response. */
  produces?: string;
  status?: number;
}

const page = (item: Schema) => z.object({ tenant: z.string(), items: z.array(item), next: z.string().optional().describe('pass as `after` for the next page') });

const SCHEMAS: Record<string, Schema> = {
  CloudEvent: CloudEventEnvelope, DecisionEntry, Order, Vehicle, Plan, Review, OutboxItem, ReviewVerdict, OverrideReason: Reason,
  DecisionPage: z.object({ entries: z.array(DecisionEntry), nextAfterSeq: z.number().int().optional().describe('pass as `afterSeq` for the next page') }),
  DecisionWithActions: DecisionEntry.extend({ actedOnBy: z.array(DecisionEntry) }),
  ReviewList: z.object({ items: z.array(Review) }),
  CopilotRequest,
  OutboxList: z.object({ items: z.array(OutboxItem) }),
  OrderPage: page(Order),
  VehiclePage: page(Vehicle),
  CurrentPlan: z.object({ tenant: z.string(), plan: Plan.nullable() }),
  Accepted: z.object({ id: z.string(), seq: z.number().int(), duplicate: z.boolean().describe('true when this event id was stored before') }),
  Error: z.object({
    error: z.object({ code: z.string(), message: z.string(), issues: z.array(z.object({ path: z.string(), reason: z.string() })).optional() }),
  }),
};

const OPERATIONS: Operation[] = [
  { method: 'get', path: '/healthz', summary: 'Liveness and what is running (no key needed)' },
  { method: 'post', path: '/v1/events', summary: 'Send a CloudEvent (structured or binary mode), signed as Standard Webhooks say; 202 once stored', roles: 'integration, admin', body: 'CloudEvent', response: 'Accepted', status: 202 },
  { method: 'get', path: '/v1/decisions', summary: 'Decisions of the key\'s tenant, oldest first, with paging', roles: 'readers', query: DecisionQuery.omit({ tenant: true }), response: 'DecisionPage' },
  { method: 'get', path: '/v1/decisions/{id}', summary: 'One decision and the human decisions acting on it', roles: 'readers', response: 'DecisionWithActions' },
  { method: 'post', path: '/v1/decisions/{id}/override', summary: 'Revert an L2 action inside its override window; the compensating action goes out', roles: 'the review role the policy names for the kind, or admin', body: 'OverrideReason' },
  { method: 'get', path: '/v1/reviews', summary: 'Reviews waiting for a human (or decided), by age and kind', roles: 'readers', query: ReviewQuery, response: 'ReviewList' },
  { method: 'post', path: '/v1/reviews/{id}/approve', summary: 'Approve a pending review; the paused agent run resumes and the action goes out', roles: 'as the review names', body: 'ReviewVerdict' },
  { method: 'post', path: '/v1/reviews/{id}/reject', summary: 'Reject a pending review; nothing is executed', roles: 'as the review names', body: 'ReviewVerdict' },
  { method: 'get', path: '/v1/dead-letters', summary: 'Actions whose delivery failed for good', roles: 'readers', response: 'OutboxList' },
  { method: 'post', path: '/v1/dead-letters/{id}/replay', summary: 'Deliver a dead letter again', roles: 'admin', response: 'OutboxItem' },
  { method: 'get', path: '/v1/orders', summary: 'Open orders in Marshal\'s dispatch state', roles: 'readers', query: OrdersQuery, response: 'OrderPage' },
  { method: 'get', path: '/v1/orders/{id}', summary: 'One order in Marshal\'s dispatch state', roles: 'readers', response: 'Order' },
  { method: 'get', path: '/v1/orders/{id}/status', summary: 'One order across OMS, WMS, dispatch, ERP, notices and decisions', roles: 'readers' },
  { method: 'get', path: '/v1/fleet', summary: 'Vehicles and their status', roles: 'readers', query: FleetQuery, response: 'VehiclePage' },
  { method: 'get', path: '/v1/plan', summary: 'The current plan, as JSON or GeoJSON', roles: 'readers', query: PlanQuery, response: 'CurrentPlan' },
  { method: 'post', path: '/v1/copilot', summary: 'Ask the dispatcher copilot (the key is the actor): server-sent events start, step, tool_call, tool_result, token, then answer (text, citations) or error', roles: 'readers; acts need the role the policy names', body: 'CopilotRequest', produces: 'text/event-stream' },
  { method: 'get', path: '/v1/stream', summary: 'Decisions as server-sent events (event id = seq; send Last-Event-ID to resume)', roles: 'readers', query: StreamQuery, produces: 'text/event-stream' },
];

function jsonSchema(schema: Schema): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonObject;
  return rest;
}

function ref(name: string): JsonObject {
  return { $ref: `#/components/schemas/${name}` };
}

function parameters(op: Operation): JsonObject[] {
  const inPath = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => ({ name: m[1], in: 'path', required: true, schema: { type: 'string' } }));
  const props = op.query ? ((jsonSchema(op.query).properties ?? {}) as Record<string, JsonObject>) : {};
  const required = new Set(op.query ? ((jsonSchema(op.query).required ?? []) as string[]) : []);
  const inQuery = Object.entries(props).map(([name, schema]) => ({ name, in: 'query', required: required.has(name), schema }));
  return [...inPath, ...inQuery];
}

function operation(op: Operation): JsonObject {
  const ok = op.produces
    ? { content: { [op.produces]: { schema: { type: 'string' } } } }
    : op.response ? { content: { 'application/json': { schema: ref(op.response) } } } : {};
  const error = (description: string) => ({ description, content: { 'application/json': { schema: ref('Error') } } });
  return {
    summary: op.summary,
    ...(op.roles ? { description: `Roles: ${op.roles}.`, security: [{ apiKey: [] }] } : { security: [] }),
    parameters: parameters(op),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: ref(op.body) } } } } : {}),
    responses: {
      [String(op.status ?? 200)]: { description: 'OK', ...ok },
      ...(op.roles ? { 400: error('Bad input: each issue names the field and the reason'), 401: error('No key, an unknown key, or a bad webhook signature'), 403: error('The key\'s role may not do this'), 404: error('Unknown, or of another tenant') } : {}),
    },
  };
}

/** The OpenAPI 3.1 document of the API served by `createApp`. */
export function openApiDocument(version: string): JsonObject {
  const paths: Record<string, Record<string, JsonObject>> = {};
  for (const op of OPERATIONS) (paths[op.path] ??= {})[op.method] = operation(op);
  return {
    openapi: '3.1.0',
    info: { title: 'Marshal', version, description: 'Dispatch orchestration: events in, governed decisions out. Every /v1 call needs `Authorization: Bearer <api key>`; a key has one role and one tenant.' },
    paths,
    components: {
      securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } },
      schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema)])),
    },
  };
}

/** Method and path of every documented operation, in Hono's `:param` form, for checking the doc against the app. */
export function documentedRoutes(): string[] {
  return OPERATIONS.map((op) => `${op.method.toUpperCase()} ${op.path.replace(/\{(\w+)\}/g, ':$1')}`);
}
