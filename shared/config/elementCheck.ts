// The shape of one element's own checks: declared apart from elementValidation.ts, which
// imports every element's module, so that those modules need not import it back.
import type { ProblemList } from './problems.ts';
import type { ResourceConfig } from './types.ts';

export interface ElementCheckInput {
  configuration: Record<string, unknown>;
  resources: ResourceConfig[];
  /** JSON path of the configuration object (`configuration` or `` for a bare one). */
  configurationPath: string;
  /** JSON path of a resource, by name. */
  resourcePath: (name: string) => string;
}

export type ElementCheck = (input: ElementCheckInput, problems: ProblemList) => void;
