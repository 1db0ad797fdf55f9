/** `marshal chat`: ask the copilot one question, or talk with it at a prompt, over a runtime's data directory. */
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { userInfo } from 'node:os';
import { authenticate } from '../../api/keys.ts';
import { InputError, ManualClock, parseInput, toEpochSeconds } from '../../domain/index.ts';
import type { Actor } from '../../governance/index.ts';
import { CopilotRequest, type CopilotEvent } from '../../graph/copilot.ts';
import { openCopilotKnowledge, openCopilotService } from '../../graph/copilot-service.ts';
import { openRuntime } from '../../graph/runtime.ts';
import { DEFAULT_POLICY_PATH, loadPolicy, type Policy, Role } from '../../policies/index.ts';
import type { Command, Io } from '../command.ts';
import { readDayFile } from '../files.ts';
import { parseFlags } from '../flags.ts';
import { readFileSync } from 'node:fs';

/**
 * The policy the running day is under, as its log last recorded it: chatting must never log a policy change (the
 * default policy over a server started with --policy would). The default only for a database that has none yet.
 */
function policyInForce(file: string): { policy: Policy; source: string } {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const row = db.prepare('SELECT doc, source FROM policy_versions ORDER BY version DESC LIMIT 1').get() as { doc: string; source: string } | undefined;
    if (row) return { policy: loadPolicy(row.doc, row.source), source: row.source };
  } finally {
    db.close();
  }
  return { policy: loadPolicy(readFileSync(DEFAULT_POLICY_PATH, 'utf8'), DEFAULT_POLICY_PATH), source: DEFAULT_POLICY_PATH };
}

/** Prints a turn's tool calls and failures on stderr as they happen, the answer on stdout. */
function printer(io: Io) {
  return (e: CopilotEvent) => {
    if (e.type === 'tool_call') io.err(`· ${e.name} ${JSON.stringify(e.args)}`);
    if (e.type === 'tool_result' && !e.ok) io.err(`· ${e.name} failed: ${e.error ?? ''}`);
  };
}

export const chatCommand: Command = {
  name: 'chat',
  summary: 'ask the dispatcher copilot a question (or talk with it at a prompt)',
  help: `usage: marshal chat ["question"] [--data DIR] [--day FILE] [--key KEY | --role ROLE] [--conversation ID]

With a question, answers it and exits; without, opens a prompt (exit or Ctrl-D to leave) keeping one conversation.
The copilot reads the live operation in DIR (what 'marshal start' keeps there: orders, fleet, plan, ETAs, the
decision log, reviews) and answers with the ids it rests on. Acts (approve or reject a review, ask for a re-plan or
a re-tender) go through the policy gate and are logged with you as actor.

  --data DIR         the runtime's data directory (default ./var)
  --day FILE         its sandbox day (default DIR/sandbox-day.json)
  --key KEY          act as this API key's role and name (or MARSHAL_API_KEY)
  --role ROLE        without a key: act as the local operator cli:<user> with this role (default dispatcher)
  --conversation ID  continue a conversation (its id is printed when one starts)

Offline (no OPENAI_API_KEY or OPENAI_BASE_URL) a deterministic parser understands the questions; it lists what it
can do when it does not understand, and never guesses an act. Times are UTC.
`,
  async run(args, io) {
    const { values, positionals } = parseFlags(args, {
      data: { type: 'string' }, day: { type: 'string' }, key: { type: 'string' }, role: { type: 'string' }, conversation: { type: 'string' },
    }, true);
    const data = values.data ?? 'var';
    const dayFile = values.day ?? join(data, 'sandbox-day.json');
    if (!existsSync(join(data, 'marshal.db')) || !existsSync(dayFile)) {
      throw new InputError('no_runtime', [{ path: '--data', reason: `${data} holds no running day (marshal.db and ${dayFile}); run 'marshal start' first or pass --data` }]);
    }
    if (positionals.length > 1) throw new InputError('bad_usage', [{ path: 'question', reason: 'quote the question as one argument' }]);
    const day = readDayFile(dayFile);
    const clock = new ManualClock(toEpochSeconds(day.events[0]?.time ?? `${day.date}T00:00:00Z`));
    const { policy, source } = policyInForce(join(data, 'marshal.db'));
    const runtime = openRuntime(data, day, clock, { policy, policySource: source });
    const knowledge = await openCopilotKnowledge(runtime.store.db, process.env, (m) => io.err(m));
    try {
      // The copilot sees the operation as of the last event played, as the running server does.
      const at = day.events[runtime.cursor() - 1]?.time;
      if (at) clock.set(toEpochSeconds(at));
      const key = values.key ?? process.env.MARSHAL_API_KEY;
      const user: Actor = key
        ? authenticate(runtime.store.db, `Bearer ${key}`)
        : { id: `cli:${userInfo().username}`, role: parseInput(Role, values.role ?? 'dispatcher', '--role'), tenant: day.tenant.id };
      const copilot = openCopilotService({
        store: runtime.store, ports: runtime.ports, clock, governance: runtime.governance, runner: runtime.runner, tenant: user.tenant,
        carriers: day.carriers, depots: day.depots, ...(knowledge ? { knowledge } : {}), env: process.env, log: (e) => io.err(`model fallback (${e.call}, ${e.reason}): ${e.detail}`),
      });
      let conversationId = values.conversation;
      const ask = async (message: string) => {
        const request = parseInput(CopilotRequest, { message, ...(conversationId ? { conversationId } : {}) }, 'chat');
        const answer = await copilot.turn({ user, ...request }, printer(io));
        if (!conversationId) io.err(`(conversation ${answer.conversationId})`);
        conversationId = answer.conversationId;
        io.out(answer.text);
      };
      if (positionals[0] !== undefined) {
        await ask(positionals[0]);
        return 0;
      }
      io.out(`Marshal copilot (${copilot.modelId}) as ${user.id} (${user.role}). Ask a question; 'help' lists what I can do; 'exit' leaves.`);
      const rl = createInterface({ input: process.stdin, terminal: false });
      const prompt = () => process.stdout.write('you> ');
      prompt();
      // Iterating the lines (not question()) keeps lines piped in ahead of the prompt.
      for await (const line of rl) {
        if (['exit', 'quit'].includes(line.trim())) break;
        if (line.trim() !== '') {
          try {
            await ask(line);
          } catch (error) {
            // A bad line (too long, unknown id) is said and the prompt goes on.
            io.err(error instanceof Error ? error.message : String(error));
          }
        }
        prompt();
      }
      rl.close();
      process.stdout.write('\n');
      return 0;
    } finally {
      knowledge?.close();
      runtime.close();
    }
  },
};
