import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// The window is served from the same origin as the API (serve) or from file:// in Electron.
export default defineConfig({
  root: import.meta.dirname,
  base: './',
  // No svelte.config.js: the options are here (and in vitest.config.ts).
  plugins: [svelte({ configFile: false })],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022' },
});
