import { dirname, join } from 'node:path';
import { runBench, startBenchStack } from './bench-stack';
import { benchDraft, chainSteps } from './chain-steps';
import { createTestOrganization } from '../support/fixtures';

/**
 * node dist/test/bench/chain-statements.js
 * Not a test: prints how many SQL statements each request of one document's chain runs, split into
 * the API's and the worker's (the projection the update waits for). Counts every statement mysql2
 * sends, transaction control included.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const BaseConnection = require(join(dirname(require.resolve('mysql2')), 'lib/base/connection.js')) as {
  prototype: Record<string, (...a: unknown[]) => unknown>;
};
const counts = { api: 0, worker: 0 };
/** SHOW_SQL=1 prints each statement's first 150 characters, under the request that ran it. */
const show = !!process.env.SHOW_SQL;
for (const method of ['query', 'execute']) {
  const original = BaseConnection.prototype[method];
  BaseConnection.prototype[method] = function (this: unknown, ...args: unknown[]) {
    const stack = new Error().stack ?? '';
    if (/apps[/\\]worker|activities/.test(stack)) counts.worker++;
    else counts.api++;
    if (show)
      console.log(
        `    ${String(typeof args[0] === 'string' ? args[0] : (args[0] as { sql?: string })?.sql)
          .replace(/\s+/g, ' ')
          .slice(0, 150)}`,
      );
    return original.apply(this, args);
  };
}

async function main(): Promise<void> {
  const { api, stop } = await startBenchStack({}, { ...console, trace: () => undefined });
  try {
    const org = await createTestOrganization('batam-dkum.yaml');
    const [clerk, kasubbag, sekre, kadis] = await Promise.all(
      ['UMPEG-ARSIP', 'KASUBBAG-UMPEG', 'SEKRETARIS', 'KADIS'].map((c) => api.login(org.officials[c].nip)),
    );
    const rows: Array<[string, number, number, number]> = [];
    // Background work of an earlier request (a letter's delivery, notifications) finishes first, so it is not counted here.
    const settle = async () => {
      for (let last = -1, quiet = 0; quiet < 3;) {
        await new Promise((r) => setTimeout(r, 200));
        const now = counts.api + counts.worker;
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
    };
    const measure = async <T>(label: string, fn: () => Promise<T>): Promise<T> => {
      await settle();
      const before = { ...counts };
      const t0 = performance.now();
      const r = await fn();
      rows.push([label, counts.api - before.api, counts.worker - before.worker, performance.now() - t0]);
      if (show) console.log(`^^^ ${label}`);
      return r;
    };
    // 1: warm-up (not printed); 2: each action, then the document read as the web app did; 3: each
    // action asking for the document in its answer (Prefer: return=representation), no read after.
    for (const round of [1, 2, 3]) {
      const draft = await measure(`create draft`, () => api.as(clerk).post('/api/v1/documents', benchDraft()));
      const id = draft.body.id as string;
      const versionHash = draft.body.currentVersion.contentHash as string;
      for (const { token, path, body } of chainSteps({ clerk, kasubbag, sekretaris: sekre, kadis }, id, versionHash)) {
        const label = path.slice(`/api/v1/documents/${id}/`.length);
        const post = () => api.as(token).post(path, body);
        const r =
          round === 3
            ? await measure(`POST ${label} (with the document)`, () => post().set('Prefer', 'return=representation'))
            : await measure(`POST ${label}`, post);
        if (r.status !== 200) throw new Error(`${label}: ${r.status} ${JSON.stringify(r.body)}`);
        if (round !== 3) await measure(`  GET document (as the actor)`, () => api.as(token).get(`/api/v1/documents/${id}`));
      }
      if (round === 1) rows.length = 0;
    }
    console.log('SQL statements per request (documents 2 and 3; the update waits for its projection, so an action counts the worker too)');
    // The time is one sequential request on whatever else the machine runs: a hint, not a benchmark.
    for (const [label, a, w, ms] of rows) console.log(`  ${label.padEnd(44)} ${String(a + w).padStart(3)}   ${ms.toFixed(0).padStart(5)} ms`);
  } finally {
    await stop();
  }
}

runBench(main);
