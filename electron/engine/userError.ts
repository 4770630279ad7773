/**
 * A failure the user caused and can fix (an instance name that does not exist, a resource it does
 * not have): shown as its message, never as an unexpected error with a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
  /** Whether the input cannot be used at all (a name not there) or is a configuration still to fix. */
  readonly fault: 'unusable' | 'configuration' = 'unusable';
}
