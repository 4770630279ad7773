import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { defineConfig } from 'vitest/config';

// Three projects: the Node tests (engine, CLI, shared), the window's component tests (jsdom + Svelte)
// and the browser end-to-end tests (a real `serve` and Chromium). `npm run test:unit` runs the first
// two, `npm run test:e2e` the third.
const FAIL_ON_WARNINGS = 'test/support/failOnWarnings.ts';

export default defineConfig({
  test: {
    testTimeout: 30_000,
    // The command under test runs from the TypeScript sources, never from a bundle built earlier.
    env: { CRM_EVENT_POLLER_FROM_SOURCES: '1' },
    // Every test file gets fresh modules and, for the window's, a fresh DOM on purpose (each mocks the
    // API client its own way; engines and servers are per file): the hints to share them are noise.
    experimental: { diagnostics: false },
    projects: [
      {
        extends: true,
        test: { name: 'node', setupFiles: [FAIL_ON_WARNINGS], include: ['test/**/*.test.ts'], exclude: ['test/renderer/**', 'test/e2e/**', '**/node_modules/**'] },
      },
      {
        extends: true,
        plugins: [svelte({ configFile: false, compilerOptions: { hmr: false } }), svelteTesting()],
        test: { name: 'renderer', environment: 'jsdom', include: ['test/renderer/**/*.test.ts'], setupFiles: [FAIL_ON_WARNINGS, 'test/renderer/setup.ts'] },
      },
      {
        extends: true,
        test: { name: 'e2e', setupFiles: [FAIL_ON_WARNINGS], include: ['test/e2e/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 120_000, fileParallelism: false },
      },
    ],
  },
});
