/** `npm run bench -- <name>`: runs a benchmark that prints a ratio against a baseline measured in the same run. */
const BENCHMARKS: Record<string, () => Promise<string>> = {
  poll: async () => 'poll.ts',
  deliver: async () => 'deliver.ts',
  idle: async () => 'idle.ts',
  store: async () => 'store.ts',
  latency: async () => 'latency.ts',
  startup: async () => 'startup.ts',
};

const name = process.argv[2];
if (!name || !(name in BENCHMARKS)) {
  console.error(`usage: npm run bench -- <${Object.keys(BENCHMARKS).join('|')}>`);
  process.exit(2);
}
const file = await (BENCHMARKS[name] as () => Promise<string>)();
await import(`./${file}`);
