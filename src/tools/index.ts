/** LangChain tools over the ports and Marshal's dispatch state: read tools, and proposal tools that only propose. */
import type { StructuredToolInterface } from '@langchain/core/tools';
import { carrierTools } from './carriers.ts';
import type { ToolContext } from './define.ts';
import { dockTools } from './docks.ts';
import { erpTools } from './erp.ts';
import { fleetTools } from './fleet.ts';
import { orderTools } from './orders.ts';
import { proposalTools } from './proposals.ts';
import { stockTools } from './stock.ts';

export { defineTool, type MarshalTool, type ToolContext, ToolOutputError, type ToolSpec } from './define.ts';
export { proposalToolName, type ProposalTool, type ProposalToolName, type ProposalTools } from './proposals.ts';

/** The read tools: orders, stock, fleet, plan, ETAs, carriers, docks and postings, scoped to the context's tenant. */
export function readTools(ctx: ToolContext) {
  return { ...orderTools(ctx), ...stockTools(ctx), ...fleetTools(ctx), ...carrierTools(ctx), ...dockTools(ctx), ...erpTools(ctx) };
}

export type ReadTools = ReturnType<typeof readTools>;
export type MarshalTools = ReadTools & ReturnType<typeof proposalTools>;

/** Every tool for one tenant and agent, keyed by name; the tenant must exist in the store. */
export function createTools(ctx: ToolContext): MarshalTools {
  ctx.store.tenants.require(ctx.tenant);
  return { ...readTools(ctx), ...proposalTools(ctx) };
}

/** The tools as a list, for `model.bindTools` or a ToolNode; `names` picks some (an agent gets only what it needs). */
export function toolList(tools: MarshalTools, names?: readonly (keyof MarshalTools)[]): StructuredToolInterface[] {
  const picked = names ? names.map((n) => tools[n]) : Object.values(tools);
  return picked as StructuredToolInterface[];
}
