/**
 * The offline model's rules for the copilot: a user message becomes a tool call (or a question back, or help), tool
 * results become a written answer. Only the user's own message is ever parsed for intent: text inside tool results
 * is written out as data, so nothing in an order note or an SOP can make the copilot act.
 */
import { type BaseMessage, ToolMessage } from '@langchain/core/messages';
import type { Clock } from '../../domain/index.ts';
import { type Lexicon, parseMessage } from '../../llm/intent/index.ts';
import type { OfflineReply, OfflineRules } from '../../llm/index.ts';
import { writeResult } from './answers.ts';
import { askFor, capabilities, notUnderstood } from './prompt.ts';
import { readToolContent } from './tool-content.ts';

/** The tool messages answering the last model turn, oldest first. */
function lastToolResults(messages: readonly BaseMessage[]): ToolMessage[] {
  const out: ToolMessage[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i] instanceof ToolMessage; i--) out.unshift(messages[i] as ToolMessage);
  return out;
}

/** The rules, reading ids and names with `lexicon` and times against `clock`. */
export function copilotRules(lexicon: () => Lexicon, clock: Clock): OfflineRules {
  return ({ messages, tools, lastText }): OfflineReply | undefined => {
    const last = messages.at(-1);
    if (!last) return undefined;
    if (last instanceof ToolMessage) {
      return { text: lastToolResults(messages).map((m) => {
        const content = readToolContent(m);
        return writeResult(m.name ?? 'tool', content.output, content.error);
      }).join('\n\n') };
    }
    if (last.getType() !== 'human') return undefined;
    const parsed = parseMessage(lastText, { now: clock.now(), lexicon: lexicon() });
    switch (parsed.kind) {
      case 'help':
        return { text: capabilities() };
      case 'unknown':
        return { text: notUnderstood() };
      case 'clarify':
        return { text: askFor(parsed.intent, parsed.missing) };
      case 'call':
        if (!tools.some((t) => t.name === parsed.intent)) return { text: `I understood ${parsed.intent}, but that tool is not available here, so I did nothing.` };
        return { toolCalls: [{ name: parsed.intent, args: parsed.args }] };
    }
  };
}
