/** Configuration problems: each names the JSON path first, then what is wrong and what to do. */

export interface Problem {
  path: string;
  message: string;
}

export type PathKey = string | number;

/** Joins keys the way users read them: `configuration.event.poller.configuration.accounts.url`. */
export function joinPath(base: string, key: PathKey): string {
  if (typeof key === 'number') return `${base}[${key}]`;
  return base === '' ? key : `${base}.${key}`;
}

export function formatProblem(problem: Problem): string {
  return problem.path === '' ? problem.message : `${problem.path}: ${problem.message}`;
}

/** Collects every problem of a validation run, so users see all of them at once, not only the first. */
export class ProblemList {
  readonly errors: Problem[] = [];
  readonly warnings: Problem[] = [];
  /** The warnings about values still to fill in (placeholders, documentation examples): saved, but never polled. */
  readonly todos: Problem[] = [];

  error(path: string, message: string): void {
    this.errors.push({ path, message });
  }

  warn(path: string, message: string): void {
    this.warnings.push({ path, message });
  }

  /** A warning that also keeps the instance from polling until the value is filled in. */
  todo(path: string, message: string): void {
    this.warnings.push({ path, message });
    this.todos.push({ path, message });
  }
}
