import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'src/web/public/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  {
    // Rules that need the type checker: a dropped promise hides its failure, and a redundant
    // assertion hides the place where the types were meant to narrow.
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test collects top-level tests and suites itself; awaiting them is optional.
          allowForKnownSafeCalls: [
            { from: 'package', name: ['test', 'describe', 'it', 'suite'], package: 'node:test' },
          ],
        },
      ],
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
    },
  },
  {
    // Production code narrows, or throws an error that says what was missing, rather than
    // asserting that a value is present.
    files: [
      'src/domain/**/*.ts',
      'src/repositories/**/*.ts',
      'src/services/**/*.ts',
      'src/db/**/*.ts',
      'src/web/**/*.ts',
      'src/main.ts',
    ],
    ignores: ['src/**/*.test.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'error' },
  },
  {
    // One frozen config module reads the environment; nothing else does.
    files: ['src/**/*.ts'],
    ignores: ['src/config.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration from src/config.ts.' },
      ],
    },
  },
  {
    // Routes speak HTTP and call services; they never build queries themselves.
    files: ['src/web/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kysely', '**/repositories/**', '**/db/**'],
              message: 'Routes call services, not the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // A route's tests may seed the demo data, which lives with the other seed code.
    files: ['src/web/**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['kysely', '**/repositories/**', '**/db/*', '!**/db/seed'],
              message: 'Routes call services, not the database.',
            },
          ],
        },
      ],
    },
  },
  {
    // Services hold the use cases and call repositories, where every query is written once.
    files: ['src/services/**/*.ts'],
    ignores: ['src/services/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              allowTypeImports: true,
              message: 'Services call repositories; only kysely types belong here.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector:
            'CallExpression[callee.property.name=/^(selectFrom|selectNoFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto)$/]',
          message: 'Services call repositories, which build the queries.',
        },
      ],
    },
  },
)
