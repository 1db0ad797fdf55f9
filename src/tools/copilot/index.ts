/** The dispatcher copilot's tools: reads over the live operation, and acts that only ever go through the policy gate. */
import type { StructuredToolInterface } from '@langchain/core/tools';
import { copilotCarrierTools } from './carriers.ts';
import type { CopilotToolContext, ToolEffect } from './context.ts';
import { copilotDecisionTools } from './decisions.ts';
import { copilotFleetTools } from './fleet.ts';
import { copilotKpiTools } from './kpis.ts';
import { copilotOrderTools } from './orders.ts';
import { copilotRequestTools } from './requests.ts';
import { copilotReviewTools } from './reviews.ts';
import { copilotSopTools } from './sops.ts';

export { ActOutcome, type CarrierInfo, type CopilotGovernance, type CopilotToolContext, type KnowledgeSearch, type ToolEffect } from './context.ts';
export { AtRisk, RiskReason, riskOf } from './risk.ts';
export { CHAT_REPLAN_CONFIDENCE, RequestOutput } from './requests.ts';
export { CarrierPerformanceOutput } from './carriers.ts';
export { ExplainDecisionOutput } from './decisions.ts';
export { FleetStatusOutput } from './fleet.ts';
export { KpisOutput } from './kpis.ts';
export { OrdersAtRiskOutput, OrderStatusOutput } from './orders.ts';
export { DecideReviewOutput, PendingReviewsOutput } from './reviews.ts';
export { SopLookupOutput } from './sops.ts';

/** Every copilot tool for one tenant and user, keyed by name. */
export function copilotTools(ctx: CopilotToolContext) {
  ctx.store.tenants.require(ctx.tenant);
  return {
    ...copilotOrderTools(ctx), ...copilotFleetTools(ctx), ...copilotDecisionTools(ctx), ...copilotCarrierTools(ctx),
    ...copilotKpiTools(ctx), ...copilotReviewTools(ctx), ...copilotRequestTools(ctx), ...copilotSopTools(ctx),
  };
}

export type CopilotTools = ReturnType<typeof copilotTools>;
export type CopilotToolName = keyof CopilotTools;

/** A copilot tool as a list item: the LangChain tool with its declared effect. */
export type CopilotTool = StructuredToolInterface & { effect: ToolEffect };

/** The tools as a list, for `bindTools` and for the agent's tool node. */
export function copilotToolList(tools: CopilotTools): CopilotTool[] {
  return Object.values(tools) as CopilotTool[];
}
