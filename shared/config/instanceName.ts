/** The rule for an instance's name, written once: the engine refuses what the import dialog flags as you type. */

export const NAME_MISSING = 'an instance needs a unique name: add "name": "…"';

export function nameTakenMessage(existing: string): string {
  return `an instance named "${existing}" already exists: choose another name, or remove it first`;
}

/** What is wrong with this name among the names in use (compared without case), or undefined. */
export function nameProblem(name: string | undefined, namesInUse: readonly string[]): string | undefined {
  const trimmed = name?.trim();
  if (!trimmed) return NAME_MISSING;
  const clash = namesInUse.find((existing) => existing.toLowerCase() === trimmed.toLowerCase());
  return clash === undefined ? undefined : nameTakenMessage(clash);
}
