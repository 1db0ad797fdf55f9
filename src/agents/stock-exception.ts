/** Capacity on a pick exception (short pick, stock-out): substitute, transfer from another depot, or a new promise date. */
import type { Ports } from '../connectors/index.ts';
import { type Depot, HOUR, type MarshalEvent, type Order, type OrderLine, roadMetres, toIso } from '../domain/index.ts';
import { type AgentDeps, type AgentOutput, propose } from './agent.ts';
import { atpOf, describeAtp, PUTAWAY_SECONDS, promiseFor } from '../tools/atp.ts';

type TaskException = Extract<MarshalEvent, { type: 'wms.task.exception' }>;

/** Loading at the source and unloading at the destination, on top of the drive. */
const TRANSFER_HANDLING_SECONDS = HOUR;
/** Average truck speed between depots, m/s (50 km/h). */
const TRANSFER_SPEED_MPS = 50_000 / 3600;
/** A rough truck cost per road kilometre, for the reviewer to weigh; the real freight is booked with the transfer. */
const TRANSFER_COST_PER_KM_MINOR = 150;

interface TransferOption {
  from: Depot;
  pickable: number;
  seconds: number;
  costMinor: number;
}

/** Other depots holding enough of the SKU to cover the shortfall, quickest first. */
async function transferOptions(ports: Ports, tenant: string, here: Depot, sku: string, shortfall: number): Promise<TransferOption[]> {
  const depots = await ports.wms.listDepots({ tenant });
  const options: TransferOption[] = [];
  for (const from of depots.filter((d) => d.id !== here.id)) {
    const stock = await ports.wms.getPickableStock({ tenant, depotId: from.id, sku });
    if (stock.pickable < shortfall) continue;
    const metres = roadMetres(from.location, here.location);
    options.push({
      from, pickable: stock.pickable, seconds: TRANSFER_HANDLING_SECONDS + Math.round(metres / TRANSFER_SPEED_MPS),
      costMinor: Math.round((metres / 1000) * TRANSFER_COST_PER_KM_MINOR),
    });
  }
  return options.sort((a, b) => a.seconds - b.seconds || (a.from.id < b.from.id ? -1 : 1));
}

function lateFor(order: Order, promisedBy: string): boolean {
  return order.windows.every((w) => w.end < promisedBy);
}

/** Substitution keeps today's delivery; a transfer costs a truck and hours; a new promise date costs the customer's wait. */
export async function onTaskException(event: TaskException, deps: AgentDeps): Promise<AgentOutput> {
  const { ports, clock } = deps;
  const { tenant } = event;
  const d = event.data;
  const shortfall = d.expectedQty - d.foundQty;
  if (shortfall <= 0) return { proposals: [], notes: [`task ${d.taskId}: ${d.kind} but nothing is short`] };
  const order = await ports.oms.getOrder({ tenant, orderId: d.orderId });
  const line: OrderLine | undefined = order.lines.find((l) => l.sku === d.sku);
  if (!line) return { proposals: [], notes: [`task ${d.taskId}: order ${order.id} has no line for ${d.sku}`] };

  const now = clock.now();
  const target = { system: 'oms' as const, type: 'order' as const, id: order.id };
  const here = await ports.wms.getDepot({ tenant, depotId: d.depotId });
  const [atp] = await atpOf(ports, { ...order, lines: [line] });
  const waitPromise = promiseFor([atp!], now);
  const substitutes = await ports.oms.getSubstitutes({ tenant, sku: d.sku, depotId: d.depotId });
  const substitute = substitutes.find((s) => s.pickable >= line.qty);
  const transfers = await transferOptions(ports, tenant, here, d.sku, shortfall);
  const transfer = transfers[0];
  const transferPromise = transfer ? toIso(now + transfer.seconds + PUTAWAY_SECONDS) : undefined;

  const found = `${d.kind.replace('_', ' ')} on task ${d.taskId}: found ${d.foundQty} of ${d.expectedQty} ${d.sku} at ${d.depotId}`;
  const constraints = [found, describeAtp(atp!), `substitutes at ${d.depotId}: ${substitutes.map((s) => `${s.sku} (${s.pickable} pickable)`).join(', ') || 'none allowed'}`];
  const inputs = { exception: d, atp, substitutes, transfers: transfers.map((o) => ({ fromDepotId: o.from.id, pickable: o.pickable, seconds: o.seconds, costMinor: o.costMinor })) };
  const waitAlternative = { summary: `Wait for stock and promise ${waitPromise}`, rejectedBecause: 'the customer waits longer' };

  if (substitute) {
    const alternatives = [
      ...(transfer ? [{ summary: `Transfer ${shortfall} ${d.sku} from ${transfer.from.id}`, rejectedBecause: `it takes ${Math.round(transfer.seconds / 60)} min of trucking and put-away` }] : []),
      waitAlternative,
    ];
    return {
      notes: [`${found}; substitute ${substitute.sku} has ${substitute.pickable}`],
      proposals: [propose('capacity', event, clock, {
        kind: 'order.substitute', target,
        payload: { orderId: order.id, lineNo: line.lineNo, fromSku: d.sku, sku: substitute.sku, qty: line.qty, reason: found },
        impact: { costMinor: 0, ordersAffected: 1, slaRisk: 0.1 }, confidence: 0.8,
        explanation: { summary: `Substitute ${substitute.sku} (rank ${substitute.rank}) for ${d.sku} on ${order.id} line ${line.lineNo}: it is in stock at ${d.depotId}, so the delivery keeps its day.`, constraints, inputs, alternatives },
      })],
    };
  }
  if (transfer && transferPromise && transferPromise <= waitPromise) {
    return {
      notes: [`${found}; ${transfer.from.id} has ${transfer.pickable}`],
      proposals: [propose('capacity', event, clock, {
        kind: 'stock.transfer', target,
        payload: { orderId: order.id, fromDepotId: transfer.from.id, toDepotId: d.depotId, sku: d.sku, qty: shortfall, promisedBy: transferPromise },
        impact: { costMinor: transfer.costMinor, ordersAffected: 1, slaRisk: lateFor(order, transferPromise) ? 0.7 : 0.3 }, confidence: 0.75,
        explanation: {
          summary: `Transfer ${shortfall} ${d.sku} from ${transfer.from.id} to ${d.depotId} and promise ${order.id} for ${transferPromise}.`,
          constraints: [...constraints, `transfer: ${Math.round(transfer.seconds / 60)} min incl. handling, then ${PUTAWAY_SECONDS / HOUR} h put-away`],
          inputs, alternatives: [waitAlternative],
        },
      })],
    };
  }
  return {
    notes: [`${found}; no substitute or transfer beats waiting`],
    proposals: [propose('capacity', event, clock, {
      kind: 'promise.update', target, payload: { orderId: order.id, promisedBy: waitPromise, reason: found },
      impact: { costMinor: 0, ordersAffected: 1, slaRisk: lateFor(order, waitPromise) ? 0.8 : 0.3 }, confidence: 0.8,
      explanation: {
        summary: `Promise ${order.id} for ${waitPromise}: no allowed substitute is in stock and no depot can send ${shortfall} ${d.sku} sooner.`,
        constraints, inputs,
        alternatives: transfer ? [{ summary: `Transfer from ${transfer.from.id}`, rejectedBecause: `it would land later than ${waitPromise}` }] : [],
      },
    })],
  };
}
