import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * `npm run build` step. The workspace packages (`@naskah/domain`, ...) name their TypeScript
 * sources as entry points, which Jest, Vite, TypeScript and the workflow bundler read directly.
 * The compiled tree in dist/ gets the same packages compiled: each package.json copied beside its
 * JavaScript with `.ts` entries turned into `.js`, and dist/node_modules/@naskah/<name> linking to
 * it, so `node dist/...` resolves `@naskah/domain` to dist/libs/domain by plain module resolution.
 */
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const DIST = join(ROOT, 'dist');

const { workspaces } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { workspaces: string[] };
const scope = join(DIST, 'node_modules', '@naskah');
rmSync(scope, { recursive: true, force: true });
mkdirSync(scope, { recursive: true });
for (const dir of workspaces) {
  const manifest = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')) as { name: string; main: string; types?: string };
  const compiled = { ...manifest, main: manifest.main.replace(/\.ts$/, '.js'), types: undefined };
  const target = join(DIST, dir);
  mkdirSync(target, { recursive: true });
  writeFileSync(join(target, 'package.json'), `${JSON.stringify(compiled, null, 2)}\n`);
  const link = join(scope, manifest.name.replace(/^@naskah\//, ''));
  symlinkSync(relative(dirname(link), target), link, 'dir');
}
process.stdout.write(`linked ${workspaces.length} compiled packages under ${relative(ROOT, scope)}\n`);
