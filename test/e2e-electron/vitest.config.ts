import { defineConfig } from 'vitest/config';

// `npm run test:electron`: the desktop app itself, through Playwright's Electron driver. Needs the
// Electron binary (downloaded on first use), so it is not part of `npm test`.
export default defineConfig({
  test: {
    root: import.meta.dirname,
    include: ['**/*.e2e.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    fileParallelism: false,
  },
});
