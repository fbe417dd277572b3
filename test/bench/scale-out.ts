import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { distEntry, killHard, spawnWorkerProcess } from '../support/worker-process';
import { TEST_TTE_PASSPHRASE } from '../support/api';
import { DEMO_PASSWORD } from '@naskah/seed';
import { benchDraft, chainSteps } from './chain-steps';
import { pool } from './stats';

/**
 * The scale-out mode of `npm run bench` (`--processes=N`): the production entry points as separate
 * processes (N API processes behind a round-robin client, N workers on one task queue) against one
 * Temporal server and one MariaDB, as several hosts would run them. The same chain is run with one
 * API and one worker process first, so the two throughputs are printed side by side.
 */

const API_ENTRY = distEntry('apps', 'api', 'src', 'main.js');

export interface ScaleOutOptions {
  processes: number;
  docs: number;
  concurrency: number;
  /** Environment every process shares: database, Temporal address, secrets, CA and archive. */
  env: Record<string, string>;
  taskQueue: string;
  /** NIPs of the clerk, the two reviewers and the signer, in chain order. */
  nips: { clerk: string; kasubbag: string; sekretaris: string; kadis: string };
}

export interface ScaleOutResult {
  apis: number;
  workers: number;
  seconds: number;
  docs: number;
  action: number[];
  create: number[];
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });

async function spawnApi(env: Record<string, string>): Promise<{ child: ChildProcess; base: string }> {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [API_ENTRY], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', PUBLIC_BASE_URL: base, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr!.on('data', (b: Buffer) => (errors += b.toString()));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`api exited with ${child.exitCode}:\n${errors}`);
    try {
      if ((await fetch(`${base}/api/health`)).ok) return { child, base };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`api not ready in 60 s:\n${errors}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function call(base: string, path: string, token: string | null, body?: object): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${base}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

async function login(base: string, nip: string): Promise<string> {
  const r = await call(base, '/api/v1/auth/login', null, { nip, password: DEMO_PASSWORD });
  if (r.status !== 200) throw new Error(`login ${nip}: ${r.status} ${JSON.stringify(r.body)}`);
  const token = r.body.accessToken as string;
  const tte = await call(base, '/api/v1/tte', token);
  if (tte.body.state !== 'active') {
    const a = await call(base, '/api/v1/tte/activation', token, { passphrase: TEST_TTE_PASSPHRASE, passphraseConfirmation: TEST_TTE_PASSPHRASE });
    if (a.status !== 200) throw new Error(`TTE activation ${nip}: ${a.status} ${JSON.stringify(a.body)}`);
  }
  return token;
}

/** One run of the chain against `count` API and `count` worker processes. */
async function runWith(count: number, o: ScaleOutOptions): Promise<ScaleOutResult> {
  const queue = `${o.taskQueue}-x${count}`;
  const env = { ...o.env, TEMPORAL_TASK_QUEUE: queue };
  const children: ChildProcess[] = [];
  try {
    const workers = await Promise.all(
      Array.from({ length: count }, () => spawnWorkerProcess({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'naskah-bench-worker-')) }, 120_000)),
    );
    children.push(...workers);
    const apis = await Promise.all(
      Array.from({ length: count }, () => spawnApi({ ...env, DATA_DIR: mkdtempSync(join(tmpdir(), 'naskah-bench-api-')) })),
    );
    children.push(...apis.map((a) => a.child));
    const bases = apis.map((a) => a.base);
    // Tokens are signed with the shared JWT secret: one login serves every API process.
    const [clerk, kasubbag, sekre, kadis] = await Promise.all(
      [o.nips.clerk, o.nips.kasubbag, o.nips.sekretaris, o.nips.kadis].map((nip) => login(bases[0], nip)),
    );
    let turn = 0;
    const next = () => bases[turn++ % bases.length];
    const action: number[] = [];
    const create: number[] = [];
    const one = async (record: boolean) => {
      let t = performance.now();
      const d = await call(next(), '/api/v1/documents', clerk, benchDraft());
      if (d.status !== 201) throw new Error(`create: ${d.status} ${JSON.stringify(d.body)}`);
      if (record) create.push(performance.now() - t);
      const id = d.body.id as string;
      const versionHash = (d.body.currentVersion as { contentHash: string }).contentHash;
      for (const { token, path, body } of chainSteps({ clerk, kasubbag, sekretaris: sekre, kadis }, id, versionHash)) {
        t = performance.now();
        const r = await call(next(), path, token, body);
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
        if (record) action.push(performance.now() - t);
      }
    };
    // Warm-up: every process compiles its hot paths before the clock starts.
    await pool(count * 2, count * 2, () => one(false));
    const seconds = await pool(o.docs, o.concurrency, () => one(true));
    return { apis: count, workers: count, seconds, docs: o.docs, action, create };
  } finally {
    await Promise.all(children.map((c) => killHard(c)));
  }
}

/** Runs the chain with 1 + 1 processes, then with N + N, and returns both. */
export async function runScaleOut(o: ScaleOutOptions): Promise<ScaleOutResult[]> {
  const results: ScaleOutResult[] = [];
  for (const count of [...new Set([1, o.processes])]) results.push(await runWith(count, o));
  return results;
}
