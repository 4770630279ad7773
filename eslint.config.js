// @ts-check
import tseslint from 'typescript-eslint';

const electronOnlyInShell = {
  paths: [{ name: 'electron', message: "Only electron/main/ and electron/preload/ may import 'electron'; everything else must run under plain Node." }],
  patterns: [{ group: ['electron/*'], message: "Only electron/main/ and electron/preload/ may import 'electron'." }],
};

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', 'coverage/', 'renderer/dist/'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', electronOnlyInShell],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/main/**', 'electron/preload/**'],
    rules: { 'no-restricted-imports': 'off' },
  },
);
