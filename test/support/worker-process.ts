import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';

/** A compiled entry point under dist/, from this file whether it runs from test/ (Jest) or from dist/test/ (the bench). */
export function distEntry(...path: string[]): string {
  const at = __dirname.lastIndexOf(`${sep}dist${sep}`);
  const root = at >= 0 ? __dirname.slice(0, at) : join(__dirname, '..', '..');
  return join(root, 'dist', ...path);
}

const ENTRY = distEntry('apps', 'worker', 'src', 'main.js');

/** The production worker entry point as a separate process (npm test builds it first). */
export async function spawnWorkerProcess(env: Record<string, string>, readyTimeoutMs = 60_000): Promise<ChildProcess> {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run "npm run build" (npm test does)`);
  const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`worker not ready in ${readyTimeoutMs} ms:\n${output}`)), readyTimeoutMs);
    const onData = (b: Buffer) => {
      output += b.toString();
      if (output.includes('worker polling')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (b: Buffer) => (output += b.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`worker exited with ${code}:\n${output}`));
    });
  });
  child.removeAllListeners('exit');
  return child;
}

export function killHard(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}
