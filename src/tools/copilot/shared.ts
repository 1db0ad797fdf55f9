/** Small helpers the copilot tools share: tagging a tool with its effect, minutes from seconds. */
import type { ToolEffect } from './context.ts';

/** The tool with its effect declared, so the agent's guard can tell reading from acting without a list of names. */
export function withEffect<T extends object>(tool: T, effect: ToolEffect): T & { effect: ToolEffect } {
  return Object.assign(tool, { effect });
}

/** Minutes, rounded, from seconds. */
export const minutes = (seconds: number): number => Math.round(seconds / 60);
