// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * The dependency rule from DESIGN.md: imports point inward only.
 * Each entry forbids a layer from reaching outward, except for the files in `allowed`.
 * @param {string[]} outward
 * @param {string[]} [allowed]
 */
const layer = (outward, allowed = []) => ({
  'no-restricted-imports': [
    'error',
    {
      patterns: outward.map((group) => ({
        group: [`**/${group}/*`, `**/${group}/*/**`, ...allowed.map((file) => `!**/${file}`)],
        message: 'Layers depend inward only (see docs/ARCHITECTURE.md).',
      })),
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='Math'][property.name='random']",
          message: 'Use node:crypto for anything random.',
        },
      ],
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
    },
  },
  {
    files: ['src/cookie/**', 'src/crypto/**'],
    rules: layer(['tokens', 'session', 'stores', 'adapters', 'cli', 'demo']),
  },
  {
    files: ['src/tokens/**'],
    rules: layer(['cookie', 'session', 'stores', 'adapters', 'cli', 'demo']),
  },
  {
    files: ['src/session/**'],
    // The session layer sees the store contract, never a concrete store.
    rules: layer(['stores', 'adapters', 'cli', 'demo'], ['stores/store.js']),
  },
  {
    files: ['src/stores/**'],
    rules: layer(['session', 'adapters', 'cli', 'demo', 'cookie', 'tokens']),
  },
  { files: ['src/adapters/**'], rules: layer(['stores', 'cli', 'demo']) },
  {
    files: ['**/*.test.ts', 'test/**', 'bench/**'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      'no-restricted-syntax': 'off',
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
);
