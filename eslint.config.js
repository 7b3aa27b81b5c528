import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';

/**
 * The folder says where code runs; these rules make a wrong import a lint error.
 * shared: no environment at all. renderer: no Electron, no Node. Only src-main/electron imports Electron.
 */
const nodeBuiltins = [
  'node:*',
  'fs',
  'path',
  'os',
  'crypto',
  'http',
  'https',
  'net',
  'child_process',
  'url',
  'stream',
  'zlib',
];
const noElectron = { group: ['electron', 'electron/*'], message: 'Only src-main/electron/ may import Electron.' };
const noNode = { group: nodeBuiltins, message: 'This folder must not use Node built-ins.' };
const noUi = {
  group: ['react', 'react-dom', 'react-dom/*', 'dexie', 'i18next', 'react-i18next'],
  message: 'src-shared is environment-free.',
};
const noServerLibs = {
  group: ['fastify', 'kysely', 'better-sqlite3', 'pino', 'node-thermal-printer'],
  message: 'Server and host libraries stay out of this folder.',
};

/** The operator console is a wing of its own: it imports only src-shared, and no other wing imports it. */
const noConsoleWing = {
  group: ['**/src-console', '**/src-console/**'],
  message: 'src-console is the operator console wing: no other wing imports it.',
};
const onlySharedForConsole = {
  group: ['**/src-renderer/**', '**/src-main/**', '**/src-server/**'],
  message: 'src-console imports only src-shared (and its own files).',
};

export default tseslint.config(
  { ignores: ['node_modules', 'dist', '.tsbuild', 'data', 'test-results', 'playwright-report', 'tests/output'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-console': 'error',
    },
  },
  {
    files: ['src-shared/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noUi, noServerLibs, noConsoleWing] }],
    },
  },
  {
    files: ['src-renderer/**/*.ts', 'src-renderer/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': ['error', { patterns: [noElectron, noNode, noServerLibs, noConsoleWing] }],
    },
  },
  {
    files: ['src-console/**/*.ts', 'src-console/**/*.tsx'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noNode,
            noServerLibs,
            onlySharedForConsole,
            { group: ['dexie'], message: 'The console keeps no local database.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-server/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noConsoleWing,
            { group: ['react', 'react-dom', 'dexie'], message: 'No UI on the server.' },
          ],
        },
      ],
    },
  },
  {
    files: ['src-main/**/*.ts'],
    ignores: ['src-main/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noConsoleWing,
            { group: ['react', 'react-dom', 'dexie'], message: 'No UI in the host.' },
          ],
        },
      ],
    },
  },
  {
    // The host's services fail in their own terms; only bridge/dispatch.ts turns that into bridge codes.
    files: ['src-main/{printer,journal,transport,content}/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            noElectron,
            noConsoleWing,
            { group: ['react', 'react-dom', 'dexie'], message: 'No UI in the host.' },
            {
              group: ['**/bridge', '**/bridge/**'],
              message:
                "Host services do not know the bridge: throw this folder's own error; src-main/bridge/host-errors.ts translates it.",
            },
          ],
        },
      ],
    },
  },
  {
    files: ['scripts/**/*.{ts,mjs,js}', 'tests/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['scripts/**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
);
