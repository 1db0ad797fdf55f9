/** Maps Marshal's errors to HTTP answers: the status from who is at fault, the body naming code, message and fields. */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConflictError, ConnectorError, InputError, MarshalError, NotFoundError } from '../domain/index.ts';
import { AuthError } from './keys.ts';
import { SignatureError } from './webhook-signature.ts';

export interface ErrorBody {
  error: { code: string; message: string; issues?: { path: string; reason: string }[] };
}

function statusOf(error: MarshalError): ContentfulStatusCode {
  if (error instanceof AuthError || error instanceof SignatureError) return 401;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof ConflictError) return 409;
  if (error instanceof ConnectorError) return error.retryable ? 503 : 502;
  if (error.fault === 'input') return 400;
  if (error.fault === 'policy') return 403;
  return 500;
}

/** Hono's onError handler: known errors become structured JSON; anything else is a 500 that hides internals. */
export function onApiError(error: Error, c: Context): Response {
  if (error instanceof MarshalError) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error instanceof InputError) body.error.issues = error.issues;
    return c.json(body, statusOf(error));
  }
  console.error(error);
  return c.json({ error: { code: 'internal', message: 'internal error; see the server log' } } satisfies ErrorBody, 500);
}
