/** Exit codes every command shares. */
export const EXIT_OK = 0;
/** The input was read but is wrong (a configuration error). */
export const EXIT_INVALID = 1;
/** The input could not be used at all: no such file, not JSON, a bad option. */
export const EXIT_UNUSABLE = 2;

/** An error meant for the user: printed as one line, never with a stack trace. */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode: number = EXIT_UNUSABLE) {
    super(message);
    this.exitCode = exitCode;
  }
}
