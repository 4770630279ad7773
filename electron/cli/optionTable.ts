/** A command's options as a table (flags, what it does, its default), added in one loop: each command states only its own. */
import type { Command } from 'commander';

export type OptionRow = readonly [flags: string, description: string, defaultValue?: string];

export function withOptions(command: Command, rows: readonly OptionRow[]): Command {
  for (const [flags, description, defaultValue] of rows) command.option(flags, description, defaultValue);
  return command;
}

/** The options every listing shares. */
export const INSTANCE_FILTER: OptionRow = ['--instance <name>', 'only this instance'];
export const LIMIT_OPTION: OptionRow = ['--limit <n>', 'at most this many', '50'];
