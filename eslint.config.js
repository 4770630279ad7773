// @ts-check
import tseslint from 'typescript-eslint';
import importX, { createNodeResolver } from 'eslint-plugin-import-x';
import svelteParser from 'svelte-eslint-parser';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: "Only electron/main/ and electron/preload/ may import 'electron'; everything else must run under plain Node." }],
  patterns: [{ group: ['electron/*'], message: "Only electron/main/ and electron/preload/ may import 'electron'." }],
};

/**
 * Import cycles are found by `npm run lint:cycles` (dpdm), which counts type-only imports too
 * (import-x/no-cycle skips them, and a type declared in the file that uses it is still a knot).
 *
 * The layers (docs/ARCHITECTURE.md quotes these): each zone forbids `target` files to import
 * anything under `from`, checked on the resolved path, so `../../x` and `./x` are judged alike.
 */
const layers = [
  { target: './renderer', from: ['./electron', './test', './bench', './bin'], message: 'The window imports only shared/ and its own files; it talks to the engine through the API (renderer/src/lib/api.ts).' },
  { target: './shared', from: ['./electron', './renderer', './test', './bench', './bin'], message: 'shared/ is imported by every layer and imports none of them.' },
  { target: './electron/engine', from: ['./electron/main', './electron/cli', './electron/preload'], message: 'The engine runs under plain Node for every front end; main, cli and preload import it, never the reverse.' },
  { target: ['./electron', './renderer', './shared', './bench', './bin'], from: './test', message: 'Product code never imports test/; what both need lives in the product tree.' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'renderer/dist/'] },
  ...tseslint.configs.recommended,
  {
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.js', '.svelte', '.svelte.ts'] })] },
    rules: {
      'no-restricted-imports': ['error', electronOnlyInShell],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'import-x/no-restricted-paths': ['error', { zones: layers }],
    },
  },
  {
    files: ['shared/**'],
    rules: { 'import-x/no-nodejs-modules': ['error'] },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    // The event database stays behind the stores' methods: outside the engine and its stores, no code reaches the connection.
    files: ['electron/**', 'bin/**'],
    ignores: ['electron/engine/engine.ts', 'electron/engine/polling/**', 'electron/engine/store/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: "MemberExpression[property.name='db'][object.property.name='stores']", message: 'Use a store method (electron/engine/store/*): the database connection is the stores\' own.' },
      ],
    },
  },
  {
    // The window's components: parsed for their imports (the layering above); svelte-check types them.
    files: ['**/*.svelte'],
    languageOptions: { parser: svelteParser, parserOptions: { parser: tseslint.parser, extraFileExtensions: ['.svelte'] } },
  },
);
