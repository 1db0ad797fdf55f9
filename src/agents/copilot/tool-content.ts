/** How a tool's result travels in a ToolMessage: `{ ok: output }` or `{ error: message }`, as JSON a model can read. */
import type { ToolMessage } from '@langchain/core/messages';

/** The content of a ToolMessage for a tool's output or its error. */
export function toolContent(result: { ok: unknown } | { error: string }): string {
  return JSON.stringify(result);
}

/** A ToolMessage's output or error; content that is not ours reads as an error naming it. */
export function readToolContent(message: ToolMessage): { output?: unknown; error?: string } {
  try {
    const parsed = JSON.parse(message.text) as { ok?: unknown; error?: unknown };
    if (typeof parsed.error === 'string') return { error: parsed.error };
    if ('ok' in parsed) return { output: parsed.ok };
  } catch {
    // Not JSON: reported below.
  }
  return { error: `unreadable result: ${message.text.slice(0, 200)}` };
}
