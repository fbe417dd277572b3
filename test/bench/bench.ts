import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { createNaskahWorker } from '@naskah/worker';
import { loadConfig } from '@naskah/config';
import { dropDatabase, ensureDatabase, migrateDatabase, parseDatabaseUrl } from '@naskah/persistence';
import { clientDataConverter, ensureTemporalCli, startDevServer } from '@naskah/temporal';
import { startApi, TEST_TTE_PASSPHRASE } from '../support/api';
import { closeTestDataSource, createTestOrganization, testDataSource } from '../support/fixtures';
import { noopStep } from './noop.workflow';

/**
 * npm run bench -- --docs=200 --concurrency=10 --inbox-docs=1000000
 * Not a test: prints figures. Starts its own Temporal dev server and database.
 */
const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const DOCS = arg('docs', 200);
const CONCURRENCY = arg('concurrency', 10);
const INBOX_DOCS = arg('inbox-docs', 100_000);
const INBOX_QUERIES = arg('inbox-queries', 300);

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};
const fmt = (xs: number[]) =>
  !xs.length
    ? '(no samples)'
    : `p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${pct(xs, 95).toFixed(1)} ms  p99 ${pct(xs, 99).toFixed(1)} ms  (n=${xs.length})`;

async function pool(n: number, concurrency: number, job: (i: number) => Promise<void>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await job(next++);
    }),
  );
  return (performance.now() - t0) / 1000;
}

async function timed<T>(into: number[], fn: () => Promise<T>): Promise<T> {
  const t = performance.now();
  const r = await fn();
  into.push(performance.now() - t);
  return r;
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const base = loadConfig(process.env);
  const binary = await ensureTemporalCli({ cliPath: base.TEMPORAL_CLI_PATH, cacheDir: base.CACHE_DIR });
  const server = await startDevServer({ binary, readyTimeoutMs: 120_000 });
  const admin = parseDatabaseUrl(base.DATABASE_ADMIN_URL);
  const dbName = `naskah_bench_${randomBytes(4).toString('hex')}`;
  const url = `mysql://naskah_test:naskah-test@${admin.host}:${admin.port}/${dbName}`;
  await ensureDatabase(url, base.DATABASE_ADMIN_URL);
  const queue = `naskah-bench-${randomBytes(3).toString('hex')}`;
  Object.assign(process.env, {
    DATABASE_URL: url,
    TEMPORAL_ADDRESS: server.address,
    TEMPORAL_TASK_QUEUE: queue,
    LOG_LEVEL: 'silent',
    LOGIN_THROTTLE_LIMIT: '100000',
    DATABASE_POOL_SIZE: '20',
  });
  await migrateDatabase(url, base.DATABASE_ADMIN_URL);

  const api = await startApi({ ACTION_TIMEOUT_SECONDS: '120' });
  const workflowBundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./workflows'),
    logger: {
      info: () => undefined,
      warn: () => undefined,
      error: console.error,
      debug: () => undefined,
      trace: () => undefined,
      log: () => undefined,
    },
  });
  const worker = await createNaskahWorker(api.cfg, { workflowBundle, logger: false });
  const running = worker.worker.run();
  try {
    console.log(`\nnaskah benchmark: ${DOCS} documents, concurrency ${CONCURRENCY}, Temporal dev server ${server.address}, database ${dbName}\n`);
    const org = await createTestOrganization('batam-dkum.yaml');
    const [clerk, kasubbag, sekre, kadis] = await Promise.all(
      ['UMPEG-ARSIP', 'KASUBBAG-UMPEG', 'SEKRETARIS', 'KADIS'].map((c) => api.login(org.officials[c].nip)),
    );

    // Warm-up: one document through the chain.
    const chainAction: number[] = [];
    const create: number[] = [];
    const one = async (lat: number[]) => {
      const d = await timed(create, () =>
        api.as(clerk).post('/api/v1/documents', {
          kindCode: 'SURAT_DINAS',
          subject: 'Undangan rapat',
          body: '<p>Isi</p>',
          classification: 'biasa',
          urgency: 'biasa',
          recipients: [{ name: 'Penerima' }],
        }),
      );
      const id = d.body.id as string;
      const versionHash = d.body.currentVersion.contentHash as string;
      for (const [token, path] of [
        [clerk, 'submit'],
        [kasubbag, 'actions/paraf'],
        [sekre, 'actions/paraf'],
        [kadis, 'actions/sign'],
      ] as const) {
        const body = path === 'submit' ? {} : { versionHash, ...(path === 'actions/sign' ? { passphrase: TEST_TTE_PASSPHRASE } : {}) };
        const r = await timed(lat, () => api.as(token).post(`/api/v1/documents/${id}/${path}`, body));
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
      }
    };
    await one([]);
    create.length = 0;
    const chainSeconds = await pool(DOCS, CONCURRENCY, () => one(chainAction));

    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter: clientDataConverter(api.cfg.TEMPORAL_PAYLOAD_KEYS) });
    const noopAction: number[] = [];
    const noopSeconds = await pool(DOCS, CONCURRENCY, async (i) => {
      // Like the real submit: start the workflow, then its first update, timed as one action.
      const handle = await timed(noopAction, async () => {
        const h = await client.workflow.start('benchNoop', { workflowId: `noop-${queue}-${i}`, taskQueue: queue });
        await h.executeUpdate(noopStep, { args: ['submit'] });
        return h;
      });
      for (const step of ['paraf', 'paraf', 'sign']) await timed(noopAction, () => handle.executeUpdate(noopStep, { args: [step] }));
    });
    await connection.close();
    console.log('chain over HTTP (submit, paraf, paraf, sign; MySQL projection, audit, inbox):');
    console.log(`  documents/s      ${(DOCS / chainSeconds).toFixed(1)}  (${chainSeconds.toFixed(1)} s for ${DOCS})`);
    console.log(`  action latency   ${fmt(chainAction)}`);
    console.log(`  draft creation   ${fmt(create)}`);
    console.log('no-op workflow of the same shape (start + 4 updates with validators, Temporal client, no projection):');
    console.log(`  documents/s      ${(DOCS / noopSeconds).toFixed(1)}  (${noopSeconds.toFixed(1)} s)`);
    console.log(`  action latency   ${fmt(noopAction)}`);
    console.log(
      `ratio chain/no-op  p50 ${(pct(chainAction, 50) / pct(noopAction, 50)).toFixed(2)}x  p99 ${(pct(chainAction, 99) / pct(noopAction, 99)).toFixed(2)}x  throughput ${(noopSeconds / chainSeconds).toFixed(2)}x`,
    );

    // Inbox at scale: bulk SQL, one statement per table.
    const ds = await testDataSource();
    const t0 = performance.now();
    const digits =
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    const numbers = `(SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1000000*h.d AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f, ${digits} g, ${digits} h) nums`;
    const [kind] = await ds.query(`SELECT id FROM document_kind WHERE code = 'SURAT_DINAS'`);
    await ds.query(
      `INSERT INTO document (id, organization_id, document_kind_id, subject, classification, urgency, recipients, tembusan, drafter_official_id, drafter_position_id, status, current_version_no, current_version_hash, round, created_at, updated_at)
       SELECT UUID(), ?, ?, CONCAT('Naskah massal ', n), 'biasa', 'biasa', '[]', '[]', ?, ?, 'signed', 1, REPEAT('0', 64), 1, NOW(3) - INTERVAL n SECOND, NOW(3) - INTERVAL n SECOND FROM ${numbers} WHERE n < ?`,
      [org.id, kind.id, org.officials['UMPEG-ARSIP'].id, org.positions['UMPEG-ARSIP'], INBOX_DOCS],
    );
    // Spread the documents over 50 owners; the benchmarked clerk owns one in fifty.
    await ds.query(
      `INSERT INTO inbox_item (owner_id, box, document_id, organization_id, subject, kind_name, classification, urgency, status, drafter_name, overdue, updated_at)
       SELECT IF(CRC32(d.id) % 50 = 0, ?, CONCAT('00000000-0000-4000-8000-', LPAD(CRC32(d.id) % 50, 12, '0'))), 'finished', d.id, d.organization_id, d.subject, 'Surat Dinas', 'biasa', 'biasa', 'signed', 'Pegawai', FALSE, d.updated_at
         FROM document d WHERE d.organization_id = ? AND d.subject LIKE 'Naskah massal %'`,
      [org.officials['UMPEG-ARSIP'].id, org.id],
    );
    const [{ total }] = await ds.query(`SELECT COUNT(*) AS total FROM inbox_item`);
    const [{ mine }] = await ds.query(`SELECT COUNT(*) AS mine FROM inbox_item WHERE owner_id = ? AND box = 'finished'`, [
      org.officials['UMPEG-ARSIP'].id,
    ]);
    console.log(
      `\ninbox: seeded ${INBOX_DOCS} documents and ${total} inbox rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; the clerk's finished box holds ${mine}`,
    );
    const cursors: string[] = (
      await ds.query(
        `SELECT updated_at, document_id FROM inbox_item WHERE owner_id = ? AND box = 'finished' ORDER BY updated_at DESC LIMIT ${INBOX_QUERIES} OFFSET 1000`,
        [org.officials['UMPEG-ARSIP'].id],
      )
    ).map((r: { updated_at: Date; document_id: string }) => Buffer.from(`${r.updated_at.toISOString()}|${r.document_id}`).toString('base64url'));
    const first: number[] = [];
    const deep: number[] = [];
    for (let i = 0; i < INBOX_QUERIES; i++) {
      await timed(first, () => api.as(clerk).get('/api/v1/inbox?box=finished&limit=20'));
      const c = cursors[i % Math.max(1, cursors.length)];
      if (c) await timed(deep, () => api.as(clerk).get(`/api/v1/inbox?box=finished&limit=20&cursor=${c}`));
    }
    // Search (q): literal LIKE on subject and number within the owner's box. A term that almost
    // every row matches stops at the first page; a rare one reads the whole box.
    const common: number[] = [];
    const rare: number[] = [];
    for (let i = 0; i < Math.min(INBOX_QUERIES, 100); i++) {
      await timed(common, () => api.as(clerk).get('/api/v1/inbox?box=finished&limit=20&q=massal'));
      await timed(rare, () => api.as(clerk).get(`/api/v1/inbox?box=finished&limit=20&q=${encodeURIComponent(`massal ${1000 + i * 37}`)}`));
    }
    const plan = await ds.query(
      `EXPLAIN SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' ORDER BY updated_at DESC, document_id DESC LIMIT 21`,
      [org.officials['UMPEG-ARSIP'].id],
    );
    console.log(`  first page       ${fmt(first)}`);
    console.log(`  page by cursor   ${fmt(deep)}`);
    console.log(`  search, common   ${fmt(common)}`);
    console.log(`  search, rare     ${fmt(rare)}  (reads the clerk's whole box of ${mine})`);
    console.log(`  query plan       key=${plan[0].key} rows=${plan[0].rows} extra=${plan[0].Extra ?? ''}`);
  } finally {
    worker.worker.shutdown();
    await running;
    await worker.app.close();
    await worker.connection.close();
    await api.close();
    await closeTestDataSource();
    await server.stop();
    await dropDatabase(base.DATABASE_ADMIN_URL, dbName);
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
