/** The `check…` form of a parser: undefined when it accepts the text, else the message of what it threw. */
export function problemOf<Input>(parse: (input: Input) => unknown, input: Input): string | undefined {
  try {
    parse(input);
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}
