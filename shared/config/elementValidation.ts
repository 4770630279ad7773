/** Checks that only one element understands (the generic element's auth and paging, Sage's URL rules…). */
import { checkDynamicsElement } from './dynamics.ts';
import { checkGenericElement } from './generic.ts';
import type { ElementCheck, ElementCheckInput } from './elementCheck.ts';
import type { ProblemList } from './problems.ts';
import { checkSageCrmElement } from './sagecrm.ts';

/** Element key → its own checks (add an element's module here). */
const CHECKS = new Map<string, ElementCheck>([
  ['generic', checkGenericElement],
  ['sagecrm', checkSageCrmElement],
  ['dynamicscrmadfs', checkDynamicsElement],
]);

export function checkElement(elementKey: string | undefined, input: ElementCheckInput, problems: ProblemList): void {
  if (elementKey !== undefined) CHECKS.get(elementKey)?.(input, problems);
}
