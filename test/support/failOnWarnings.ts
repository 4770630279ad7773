/**
 * A warning fails the test it is printed in, so the test output stays free of them: Svelte's runtime
 * warnings (ownership_invalid_mutation, …) and jsdom's go to console.warn or console.error, Node's
 * (MaxListenersExceededWarning, …) are process 'warning' events. Every project loads this first.
 */
import { afterEach } from 'vitest';

const printed: string[] = [];

for (const level of ['warn', 'error'] as const) {
  const print = console[level].bind(console);
  console[level] = (...args: unknown[]) => {
    printed.push(`console.${level}: ${args.map(String).join(' ')}`);
    print(...args);
  };
}
process.on('warning', (warning) => printed.push(`${warning.name}: ${warning.message}`));

afterEach(() => {
  if (printed.length === 0) return;
  throw new Error(`a warning was printed during this test; remove its cause:\n${printed.splice(0).join('\n')}`);
});
