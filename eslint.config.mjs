// ESLint with type-aware rules over every TypeScript project of the solution (tsconfig.json's references).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['out/**', 'model/out/**', 'dist/**', '**/node_modules/**', '.vscode-test/**', '**/*.d.ts', 'schemas/validators/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // node:test's describe/it return promises that the runner itself awaits.
      '@typescript-eslint/no-floating-promises': [
        'error',
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }] },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      eqeqeq: ['error', 'always'],
    },
  },
  {
    // The layers of ARCHITECTURE.md: the service knows no protocol, the engine and the CLI know no editor.
    files: ['server/src/service/**/*.ts', 'model/src/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['vscode', 'vscode-languageserver*', 'node:*', 'fs', 'path', 'child_process'],
              message: 'The language service is protocol-, editor- and file-system-free.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['client/src/engine/**/*.ts', 'client/src/cli/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: 'vscode', message: 'The engine and the CLI run without VS Code.' }] },
      ],
    },
  },
  {
    // Architecture invariant: dockerode is used only inside client/src/engine; everything else asks the engine.
    // (The core rule, so it adds to the layer bans above instead of replacing them; the tests may use dockerode.)
    files: ['**/*.ts'],
    ignores: ['client/src/engine/**', 'test/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'dockerode', message: 'Only client/src/engine talks to Docker: add an engine function instead.' }],
          patterns: [{ group: ['dockerode/*'], message: 'Only client/src/engine talks to Docker.' }],
        },
      ],
    },
  },
  {
    files: ['**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        fetch: 'readonly',
        performance: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
      },
    },
  },
);
