// Flat config kept as a dotfile (the top level of the repo is fixed); `npm run lint` names it.
import { dirname, relative, resolve } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-plugin-prettier/recommended';

// The workspace packages: a relative import never leaves the package it is written in.
const PACKAGES = ['libs/domain', 'libs/contracts', 'libs/content', 'libs/config', 'libs/persistence', 'libs/org-files', 'libs/seed', 'libs/temporal', 'libs/letter', 'workflows', 'apps/api', 'apps/worker', 'apps/stack', 'apps/web', 'test'];
const packageOf = (file) => PACKAGES.find((p) => file === p || file.startsWith(`${p}/`)) ?? null;
const stayInPackage = {
  meta: { type: 'problem', messages: { climbs: "'{{spec}}' leaves {{pkg}}: import the workspace package by its name (@naskah/...) instead." } },
  create(context) {
    const file = relative(import.meta.dirname, context.filename);
    const pkg = packageOf(file);
    const check = (node) => {
      const spec = node.source?.value;
      if (!pkg || typeof spec !== 'string' || !spec.startsWith('.')) return;
      const target = relative(import.meta.dirname, resolve(dirname(context.filename), spec));
      if (packageOf(target) !== pkg) context.report({ node, messageId: 'climbs', data: { spec, pkg } });
    };
    return { ImportDeclaration: check, ExportNamedDeclaration: check, ExportAllDeclaration: check, ImportExpression: check };
  },
};

// STYLE.md: pure code (the domain, the workflows) does no I/O and uses no framework.
const BUILTINS = ['node:*', 'fs', 'path', 'crypto', 'child_process', 'os', 'net', 'http', 'https', 'util', 'events', 'stream', 'worker_threads', 'timers', 'process'];
const FRAMEWORKS = ['@nestjs/*', 'typeorm', 'mysql2', 'mysql2/*', 'class-validator', 'class-transformer', '@temporalio/client', '@temporalio/worker', '@temporalio/activity'];
const ALL = ['@naskah/domain', '@naskah/contracts', '@naskah/content', '@naskah/config', '@naskah/persistence', '@naskah/org-files', '@naskah/seed', '@naskah/temporal', '@naskah/letter', '@naskah/workflows', '@naskah/api', '@naskah/worker'];
const except = (...allowed) => ALL.filter((p) => !allowed.includes(p));
/** The dependency table of STYLE.md: who may import whom. */
const restrict = ({ packages, typeOnly = [], names = {}, pure = false }) => ({
  '@typescript-eslint/no-restricted-imports': [
    'error',
    {
      paths: [
        ...packages.map((name) => ({ name, message: 'Not allowed by the dependency table (STYLE.md).' })),
        ...typeOnly.map((name) => ({ name, allowTypeImports: true, message: 'Types only from here (STYLE.md).' })),
        ...Object.entries(names).map(([name, importNames]) => ({ name, importNames, message: 'Not allowed by the dependency table (STYLE.md).' })),
      ],
      patterns: pure ? [{ group: [...BUILTINS, ...FRAMEWORKS], message: 'Pure code: no I/O, frameworks or Node built-ins (STYLE.md).' }] : [],
    },
  ],
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'apps/web/dist/**', 'apps/web/src/generated/**', 'test/artifacts/**', '**/*.js', '**/*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    plugins: { naskah: { rules: { 'stay-in-package': stayInPackage } } },
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'naskah/stay-in-package': 'error',
    },
  },
  { files: ['libs/domain/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except(), pure: true }) },
  { files: ['libs/contracts/**/*.ts'], rules: restrict({ packages: except('@naskah/domain'), typeOnly: ['@naskah/domain'], pure: true }) },
  { files: ['libs/org-files/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except('@naskah/domain'), typeOnly: ['@naskah/domain'] }) },
  { files: ['workflows/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except('@naskah/domain', '@naskah/contracts'), pure: true }) },
  { files: ['libs/config/**/*.ts', 'libs/temporal/**/*.ts', 'libs/letter/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except('@naskah/domain', '@naskah/config', '@naskah/content') }) },
  { files: ['libs/content/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except('@naskah/domain') }) },
  { files: ['libs/persistence/**/*.ts', 'libs/seed/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: except('@naskah/domain', '@naskah/config', '@naskah/persistence', '@naskah/org-files', '@naskah/content', '@naskah/letter') }) },
  // The API imports and exports organisation files (@naskah/seed's import and export), never the demo seed or its password.
  {
    files: ['apps/api/**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: restrict({
      packages: ['@naskah/worker', '@naskah/workflows'],
      names: { '@naskah/seed': ['DEMO_PASSWORD', 'demoEmail', 'seedAll', 'seedOrganization', 'seedReferenceData', 'runSeed'] },
    }),
  },
  { files: ['apps/worker/**/*.ts'], ignores: ['**/*.spec.ts'], rules: restrict({ packages: ['@naskah/api', '@naskah/seed'] }) },
);
