import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '.cache/**',
      '.sandbox-data/**',
      'e2e/artifacts/**',
      'bench/results/**',
      '*/lib/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      'no-console': ['warn', { allow: ['warn', 'error'] }],
    },
  },
  {
    // Tests read loosely typed JSON bodies; command-line programs print to stdout.
    files: ['**/test/**', '**/*.test.ts', 'e2e/**', 'bench/**', 'scripts/**', 'sandbox/src/main.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-console': 'off' },
  },
);
