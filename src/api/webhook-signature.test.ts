import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhook } from './webhook-signature.ts';

const secret = `whsec_${Buffer.from('a shared secret of enough length').toString('base64')}`;
const body = '{"specversion":"1.0"}';
const now = 1_795_000_000;

describe('Standard Webhooks signatures', () => {
  const headers = (over: Partial<Record<'id' | 'timestamp' | 'signature', string | undefined>> = {}) => ({
    id: 'msg_1', timestamp: String(now), signature: signWebhook(secret, 'msg_1', now, body), ...over,
  });

  it('accepts a good signature, also among several and with a rotated secret', () => {
    expect(() => verifyWebhook([secret], headers(), body, now)).not.toThrow();
    expect(() => verifyWebhook([secret], headers({ signature: `v1,AAAA ${headers().signature}` }), body, now + 299)).not.toThrow();
    expect(() => verifyWebhook(['whsec_b2xk', secret], headers(), body, now)).not.toThrow();
  });

  it('refuses a changed body, a wrong secret, a stale timestamp and missing headers, saying which', () => {
    expect(() => verifyWebhook([secret], headers(), `${body} `, now)).toThrow(/no signature matches/);
    expect(() => verifyWebhook(['whsec_b2xk'], headers(), body, now)).toThrow(/no signature matches/);
    expect(() => verifyWebhook([secret], headers(), body, now + 301)).toThrow(/more than 300 s from now/);
    expect(() => verifyWebhook([secret], headers({ id: undefined }), body, now)).toThrow(/webhook-id header is missing/);
    expect(() => verifyWebhook([secret], headers({ signature: 'v2,abc' }), body, now)).toThrow(/no signature matches/);
  });
});
