/** NotifyPort: messages to customers (ETAs, delays, reschedules) and their retraction. */
import { z } from 'zod';
import { Id, IsoTimestamp } from '../domain/index.ts';
import type { PortOf } from './contract.ts';
import { IdempotencyKey, Scoped } from './shared.ts';

export const Message = z.object({
  id: Id,
  customerId: Id,
  orderId: Id.optional(),
  channel: z.enum(['email', 'sms']),
  template: z.enum(['eta', 'delay', 'reschedule', 'delivered', 'failed_attempt', 'correction']),
  body: z.string(),
  status: z.enum(['sent', 'failed', 'retracted']),
  failureReason: z.string().optional(),
  sentAt: IsoTimestamp,
});
export type Message = z.infer<typeof Message>;

export const notifyContract = {
  send: {
    summary: 'sends a message to a customer once per idempotency key',
    input: Scoped.extend({
      customerId: Id,
      orderId: Id.optional(),
      channel: Message.shape.channel,
      template: Message.shape.template,
      body: z.string().min(1, 'must not be empty').max(2000, 'must be at most 2000 characters'),
      idempotencyKey: IdempotencyKey,
    }),
    output: Message,
  },
  retract: {
    summary: 'retracts a sent message and tells the customer it no longer holds',
    input: Scoped.extend({ messageId: Id, reason: z.string().min(1).max(500) }),
    output: z.object({ retracted: Message, correction: Message }),
  },
  listMessages: {
    summary: 'messages to a customer or about an order, oldest first',
    input: Scoped.extend({ customerId: Id.optional(), orderId: Id.optional() }),
    output: z.array(Message),
  },
} as const;

export type NotifyPort = PortOf<typeof notifyContract>;
