/** Every `marshal` subcommand, in the order `--help` lists them. */
import type { Command } from '../command.ts';
import { chatCommand } from './chat.ts';
import { evalCopilotCommand } from './eval-copilot.ts';
import { datasetCheckCommand, datasetImportCommand } from './dataset.ts';
import { logExportCommand, logShowCommand, logVerifyCommand } from './log.ts';
import { replayCommand } from './replay.ts';
import { sandboxGenerateCommand } from './sandbox-generate.ts';
import { sandboxSolomonCommand } from './sandbox-solomon.ts';
import { solveCommand } from './solve.ts';
import { startCommand } from './start.ts';

export const COMMANDS: readonly Command[] = [
  startCommand, sandboxGenerateCommand, sandboxSolomonCommand, solveCommand, datasetImportCommand, datasetCheckCommand, replayCommand, logVerifyCommand, logExportCommand, logShowCommand,
  chatCommand, evalCopilotCommand,
];
