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

/**
 * Inside the renderer, layers (docs/architecture.md): screens (features/, app/) ask the data
 * hooks and give commands to the core; only data/ touches Dexie and the schema in data/db.ts;
 * only platform/ and the core hold the bridge client. data/ is the bottom: it imports no layer
 * above it. sync/ and search/ may name the database's and the bridge's types (they are handed
 * them), never import them as values.
 */
const noDexie = { group: ['dexie', 'dexie/*'], message: 'Only src-renderer/data/ imports Dexie: use a data hook.' };
const noDb = (allowTypeImports = false) => ({
  regex: '(^|/)data/db(\\.js)?$',
  allowTypeImports,
  message: 'Only src-renderer/data/ imports data/db: use a data hook (data/hooks.ts) or query (data/queries.ts).',
});
const noBridge = (allowTypeImports = false) => ({
  regex: '(^|/)platform/bridge-(client|raw)(\\.js)?$',
  allowTypeImports,
  message:
    'Only src-renderer/platform/ and src-renderer/core/ hold the bridge client: call a use case (core/kiosk-core.ts).',
});
const noUpwardFromData = {
  regex: '^\\.\\./(sync|search|core|features|app|platform)/',
  message:
    'src-renderer/data/ is the bottom layer: it imports nothing from sync, search, core, features, app or platform.',
};
const noReactInCore = {
  group: ['react', 'react-dom', 'react-dom/*', 'react-i18next', 'i18next', '**/features/**', '**/app/**'],
  message: 'src-renderer/core/ holds the use cases without React or screens.',
};
const rendererBase = [noElectron, noNode, noServerLibs, noConsoleWing];
const rendererImports = (...patterns) => ({
  'no-restricted-imports': 'off',
  '@typescript-eslint/no-restricted-imports': ['error', { patterns: [...rendererBase, ...patterns] }],
});

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
      ...rendererImports(noDexie, noDb(), noBridge()),
    },
  },
  {
    // The boot asks the host for the kiosk's info (raw, unvalidated) before anything else loads.
    files: ['src-renderer/main.tsx'],
    rules: rendererImports(noDexie, noDb()),
  },
  {
    files: ['src-renderer/sync/**/*.ts', 'src-renderer/search/**/*.ts'],
    rules: rendererImports(noDexie, noDb(true), noBridge(true)),
  },
  {
    files: ['src-renderer/platform/**/*.ts'],
    rules: rendererImports(noDexie, noDb()),
  },
  {
    files: ['src-renderer/core/**/*.ts'],
    ignores: ['src-renderer/core/start-kiosk.ts'],
    rules: rendererImports(noDexie, noDb(true), noReactInCore),
  },
  {
    // Where the kiosk is put together: it opens the database it hands to data/ and to the core.
    files: ['src-renderer/core/start-kiosk.ts'],
    rules: rendererImports(noDexie, noReactInCore),
  },
  {
    files: ['src-renderer/data/**/*.ts'],
    rules: rendererImports(noUpwardFromData),
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
    files: ['src-main/{printer,journal,transport,content,usb,enrolment}/**/*.ts'],
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
