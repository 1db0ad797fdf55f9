/** Every action kind's handler, in one table the outbox delivers through. */
import type { Handlers } from './handler.ts';
import { carrierScore, carrierTender, dockAssign, loadSequence, returnExpect, returnRestock, routeAssign, routeReplan } from './logistics.ts';
import { customerNotify, invoiceDispute, invoicePost } from './money.ts';
import { deliveryReschedule, orderBackorder, orderHold, orderRelease, orderSplit, orderSubstitute, promiseUpdate, stockTransfer } from './orders.ts';

export const HANDLERS: Handlers = {
  'order.release': orderRelease,
  'order.split': orderSplit,
  'order.backorder': orderBackorder,
  'order.hold': orderHold,
  'stock.transfer': stockTransfer,
  'order.substitute': orderSubstitute,
  'promise.update': promiseUpdate,
  'route.assign': routeAssign,
  'route.replan': routeReplan,
  'carrier.tender': carrierTender,
  'dock.assign': dockAssign,
  'load.sequence': loadSequence,
  'customer.notify': customerNotify,
  'delivery.reschedule': deliveryReschedule,
  'invoice.post': invoicePost,
  'invoice.dispute': invoiceDispute,
  'return.expect': returnExpect,
  'return.restock': returnRestock,
  'carrier.score': carrierScore,
};
