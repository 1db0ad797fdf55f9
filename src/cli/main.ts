/** The `marshal` command: finds the subcommand named by the leading words and runs it; `--help` everywhere. */
import { type Command, type Io, processIo } from './command.ts';
import { type CommandEntry, COMMANDS } from './commands/index.ts';

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.name.length)) + 2;
  const rows = COMMANDS.map((c) => `  ${c.name.padEnd(width)}${c.summary}`).join('\n');
  return `marshal: dispatch orchestration for logistics\n\nusage: marshal <command> [flags]   (marshal <command> --help for its flags)\n\ncommands:\n${rows}\n`;
}

/** The longest command name that the arguments start with. */
function findCommand(argv: readonly string[]): { entry: CommandEntry; rest: string[] } | undefined {
  const matches = COMMANDS.filter((c) => {
    const words = c.name.split(' ');
    return words.every((w, i) => argv[i] === w);
  }).sort((a, b) => b.name.length - a.name.length);
  const command = matches[0];
  return command ? { entry: command, rest: argv.slice(command.name.split(' ').length) } : undefined;
}

/** Runs the CLI; returns the exit code (0 ok, 1 failure, 2 bad usage). */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.out(overview());
    return 0;
  }
  const found = findCommand(argv);
  if (!found) {
    const group = COMMANDS.filter((c) => c.name.startsWith(`${argv[0]} `));
    if (group.length > 0 && (argv.length === 1 || argv[1] === '--help' || argv[1] === '-h')) {
      io.out(`marshal ${argv[0]} commands:\n${group.map((c) => `  ${c.name.padEnd(24)}${c.summary}`).join('\n')}\n`);
      return argv.length === 1 ? 2 : 0;
    }
    io.err(`marshal: unknown command '${argv.join(' ')}'\n\n${overview()}`);
    return 2;
  }
  const command: Command = await found.entry.load();
  if (found.rest.includes('--help') || found.rest.includes('-h')) {
    io.out(command.help);
    return 0;
  }
  try {
    return await command.run(found.rest, io);
  } catch (error) {
    io.err(`marshal ${command.name}: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}
