/**
 * A failure the user caused and can fix (an instance name that does not exist, a resource it does
 * not have): shown as its message, never as an unexpected error with a stack trace.
 */
export class UserError extends Error {
  override name = 'UserError';
}
