// Flat config kept as a dotfile (the top level of the repo is fixed); `npm run lint` names it.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeAndFrameworks = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'os', 'net', 'http', '@nestjs/*', 'typeorm', 'mysql2', 'mysql2/*', 'class-validator', 'class-transformer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];
const pure = (extra = []) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: [...nodeAndFrameworks, ...extra], message: 'Pure code: no I/O, frameworks or Node built-ins (STYLE.md).' }] }],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/web/dist/**', 'test/artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  { files: ['libs/domain/**/*.ts'], ignores: ['**/*.spec.ts'], rules: pure(['**/contracts/**', '**/persistence/**', '**/config/**', '**/temporal/**', '**/seed/**']) },
  { files: ['libs/contracts/**/*.ts'], rules: pure(['**/persistence/**', '**/config/**', '**/temporal/**', '**/seed/**']) },
  { files: ['workflows/src/**/*.ts'], ignores: ['**/*.spec.ts'], rules: pure(['**/persistence/**', '**/config/**', '**/temporal/**', '**/seed/**', '@temporalio/testing']) },
);
