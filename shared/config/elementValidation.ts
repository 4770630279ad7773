/** Checks that only one element understands (the generic element's auth and paging, Sage's URL rules…). */
import { checkDynamicsElement, dynamicsRequiredSecrets } from './dynamics.ts';
import type { ElementCheck, ElementCheckInput } from './elementCheck.ts';
import { checkGenericElement, genericRequiredSecrets } from './generic.ts';
import type { ProblemList } from './problems.ts';
import { checkSageCrmElement, sageCrmRequiredSecrets } from './sagecrm.ts';

/** Element key → its own checks (add an element's module here). */
const CHECKS = new Map<string, ElementCheck>([
  ['generic', checkGenericElement],
  ['sagecrm', checkSageCrmElement],
  ['dynamicscrmadfs', checkDynamicsElement],
]);

export function checkElement(elementKey: string | undefined, input: ElementCheckInput, problems: ProblemList): void {
  if (elementKey !== undefined) CHECKS.get(elementKey)?.(input, problems);
}

/** Element key → the secrets its connection cannot sign in without, for a configuration. */
const REQUIRED_SECRETS = new Map<string, (configuration: Record<string, unknown>) => string[]>([
  ['generic', genericRequiredSecrets],
  ['sagecrm', sageCrmRequiredSecrets],
  ['dynamicscrmadfs', dynamicsRequiredSecrets],
]);

export function requiredSecrets(elementKey: string | undefined, configuration: Record<string, unknown>): string[] {
  return elementKey === undefined ? [] : (REQUIRED_SECRETS.get(elementKey)?.(configuration) ?? []);
}
