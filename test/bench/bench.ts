import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { documentWorkflowId } from '@naskah/contracts';
import { clientDataConverter } from '@naskah/temporal';
import { quietBundlerLogger } from '../support/worker';
import { runBench, startBenchStack } from './bench-stack';
import { benchDraft, chainSteps, stepName } from './chain-steps';
import { createTestOrganization, testDataSource } from '../support/fixtures';
import { noopStep } from './noop.workflow';
import { runScaleOut } from './scale-out';
import { fmt, pct, pool, timed } from './stats';
import { installSqlCounter, SqlCount, sqlCount, sqlSince } from './sql-counter';

/**
 * npm run bench -- --docs=200 --concurrency=10 --inbox-docs=1000000 [--processes=2]
 * With --processes=N the chain also runs against separate API and worker processes (1 + 1, then N + N).
 * Not a test: prints figures. Starts its own Temporal dev server and database.
 */
const arg = (name: string, def: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? def);
const DOCS = arg('docs', 200);
const CONCURRENCY = arg('concurrency', 10);
const INBOX_DOCS = arg('inbox-docs', 100_000);
const INBOX_QUERIES = arg('inbox-queries', 300);
const PROCESSES = arg('processes', 0);

/** One document's workflow history: events, bytes, and the size of each update's result (constant if nothing accumulates). */
async function historyFigures(client: Client, organizationId: string, documentId: string): Promise<string> {
  const h = await client.workflow.getHandle(documentWorkflowId(organizationId, documentId)).fetchHistory();
  const bytes = temporal.api.history.v1.History.encode(h).finish().length;
  const results = (h.events ?? [])
    .map((e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads)
    .filter((p): p is NonNullable<typeof p> => !!p)
    .map((ps) => ps.reduce((n, p) => n + (p.data?.length ?? 0), 0));
  return `${h.events?.length ?? 0} events, ${bytes} bytes; update results ${results.join(', ')} bytes`;
}

async function main(): Promise<void> {
  installSqlCounter();
  const { server, dbName, queue, url, api, stop } = await startBenchStack(
    {
      LOGIN_THROTTLE_LIMIT: '100000',
      DATABASE_POOL_SIZE: '20',
      // Shared by every process of the scale-out mode, as several hosts would share them.
      JWT_SECRET: randomBytes(32).toString('hex'),
      TEMPORAL_PAYLOAD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    },
    quietBundlerLogger,
  );
  try {
    console.log(`\nnaskah benchmark: ${DOCS} documents, concurrency ${CONCURRENCY}, Temporal dev server ${server.address}, database ${dbName}\n`);
    const org = await createTestOrganization('batam-dkum.yaml');
    const [clerk, kasubbag, sekre, kadis] = await Promise.all(
      ['UMPEG-ARSIP', 'KASUBBAG-UMPEG', 'SEKRETARIS', 'KADIS'].map((c) => api.login(org.officials[c].nip)),
    );

    const chain = { clerk, kasubbag, sekretaris: sekre, kadis };
    // Warm-up: one document through the chain.
    const chainAction: number[] = [];
    const create: number[] = [];
    const one = async (lat: number[], trace?: (step: string, sql: SqlCount) => void) => {
      let counted = sqlCount();
      const d = await timed(create, () => api.as(clerk).post('/api/v1/documents', benchDraft()));
      trace?.('create', sqlSince(counted));
      const id = d.body.id as string;
      for (const { token, path, body } of chainSteps(chain, id, d.body.currentVersion.contentHash as string)) {
        counted = sqlCount();
        const r = await timed(lat, () => api.as(token).post(path, body));
        trace?.(stepName(path), sqlSince(counted));
        if (r.status !== 200) throw new Error(`${path}: ${r.status} ${JSON.stringify(r.body)}`);
      }
      return id;
    };
    await one([]);
    // A second document alone, hot: the SQL statements each request sends (API and in-process worker, projection included).
    const perRequest: string[] = [];
    const traced = await one([], (step, n) => perRequest.push(`${step} ${n.statements}+${n.transactionControl}`));
    // Draft creation with nothing else running: the request's own cost, beside its latency under the chain's load below.
    const createAlone: number[] = [];
    for (let i = 0; i < 100; i++) {
      const r = await timed(createAlone, () => api.as(clerk).post('/api/v1/documents', benchDraft(`Undangan rapat ${i}`)));
      if (r.status !== 201) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
    }
    create.length = 0;
    const chainSeconds = await pool(DOCS, CONCURRENCY, async () => void (await one(chainAction)));

    const connection = await Connection.connect({ address: server.address });
    const client = new Client({ connection, dataConverter: clientDataConverter(api.cfg.TEMPORAL_PAYLOAD_KEYS) });
    const history = await historyFigures(client, org.id, traced);
    const noopAction: number[] = [];
    const noopSeconds = await pool(DOCS, CONCURRENCY, async (i) => {
      // Like the real submit: the workflow started with its first update, in one round trip (update-with-start).
      const handle = await timed(noopAction, async () => {
        const start = new WithStartWorkflowOperation('benchNoop', {
          workflowId: `noop-${queue}-${i}`,
          taskQueue: queue,
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        await client.workflow.executeUpdateWithStart(noopStep, { args: ['submit'], startWorkflowOperation: start });
        return start.workflowHandle();
      });
      for (const step of ['paraf', 'paraf', 'sign']) await timed(noopAction, () => handle.executeUpdate(noopStep, { args: [step] }));
    });
    await connection.close();
    console.log('chain over HTTP (submit, paraf, paraf, sign; MySQL projection, audit, inbox):');
    console.log(`  documents/s      ${(DOCS / chainSeconds).toFixed(1)}  (${chainSeconds.toFixed(1)} s for ${DOCS})`);
    console.log(`  action latency   ${fmt(chainAction)}`);
    console.log(`  draft creation   ${fmt(create)}  (amid the chain's ${CONCURRENCY} concurrent documents)`);
    console.log(`  - alone          ${fmt(createAlone)}  (one at a time, nothing else running)`);
    console.log(`  SQL per request  ${perRequest.join(', ')}  (statements + transaction control, one document alone)`);
    console.log(`  history          ${history}`);
    console.log('no-op workflow of the same shape (update-with-start + 3 updates with validators, Temporal client, no projection):');
    console.log(`  documents/s      ${(DOCS / noopSeconds).toFixed(1)}  (${noopSeconds.toFixed(1)} s)`);
    console.log(`  action latency   ${fmt(noopAction)}`);
    console.log(
      `ratio chain/no-op  p50 ${(pct(chainAction, 50) / pct(noopAction, 50)).toFixed(2)}x  p99 ${(pct(chainAction, 99) / pct(noopAction, 99)).toFixed(2)}x  throughput ${(noopSeconds / chainSeconds).toFixed(2)}x`,
    );

    if (PROCESSES > 0) {
      const cfg = api.cfg;
      const runs = await runScaleOut({
        processes: PROCESSES,
        docs: DOCS,
        concurrency: CONCURRENCY,
        taskQueue: queue,
        env: {
          DATABASE_URL: url,
          TEMPORAL_ADDRESS: server.address,
          JWT_SECRET: process.env.JWT_SECRET!,
          TEMPORAL_PAYLOAD_KEYS: process.env.TEMPORAL_PAYLOAD_KEYS!,
          LOCAL_CA_DIR: cfg.LOCAL_CA_DIR ?? join(cfg.DATA_DIR, 'ca'),
          ARCHIVE_DIR: cfg.ARCHIVE_DIR ?? join(cfg.DATA_DIR, 'archive'),
          LOGIN_THROTTLE_LIMIT: '100000',
          DATABASE_POOL_SIZE: '20',
          ACTION_TIMEOUT_SECONDS: '120',
          NOTIFY_DELIVERY: 'off',
        },
        nips: {
          clerk: org.officials['UMPEG-ARSIP'].nip,
          kasubbag: org.officials['KASUBBAG-UMPEG'].nip,
          sekretaris: org.officials.SEKRETARIS.nip,
          kadis: org.officials.KADIS.nip,
        },
      });
      console.log('scale-out: the same chain against separate production processes (one MariaDB, one Temporal dev server, this 2-core box):');
      const single = runs[0];
      for (const r of runs) {
        console.log(
          `  ${r.apis} API + ${r.workers} worker  documents/s ${(r.docs / r.seconds).toFixed(1)} (${(single.seconds / r.seconds).toFixed(2)}x)  action ${fmt(r.action)}  draft ${fmt(r.create)}`,
        );
      }
    }

    // Inbox at scale: bulk SQL, one statement per table.
    const ds = await testDataSource();
    const t0 = performance.now();
    const digits =
      '(SELECT 0 d UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION ALL SELECT 4 UNION ALL SELECT 5 UNION ALL SELECT 6 UNION ALL SELECT 7 UNION ALL SELECT 8 UNION ALL SELECT 9)';
    const numbers = `(SELECT a.d + 10*b.d + 100*c.d + 1000*e.d + 10000*f.d + 100000*g.d + 1000000*h.d AS n FROM ${digits} a, ${digits} b, ${digits} c, ${digits} e, ${digits} f, ${digits} g, ${digits} h) nums`;
    const [kind] = await ds.query(`SELECT id FROM document_kind WHERE code = 'SURAT_DINAS'`);
    const clerkId = org.officials['UMPEG-ARSIP'].id;
    await ds.query(
      `INSERT INTO document (id, organization_id, document_kind_id, subject, classification, urgency, recipients, tembusan, drafter_official_id, drafter_position_id, status, current_version_no, current_version_hash, round, created_at, updated_at)
       SELECT UUID(), ?, ?, CONCAT('Naskah massal ', n), 'biasa', 'biasa', '[]', '[]', ?, ?, 'signed', 1, REPEAT('0', 64), 1, NOW(3) - INTERVAL n SECOND, NOW(3) - INTERVAL n SECOND FROM ${numbers} WHERE n < ?`,
      [org.id, kind.id, clerkId, org.positions['UMPEG-ARSIP'], INBOX_DOCS],
    );
    // Spread the documents over 10 owners; the benchmarked clerk owns one in ten (a 100,000-row box at 1 M).
    // Each letter has a number (800/<n>/UMPEG/2026) for the search by number.
    await ds.query(
      `INSERT INTO inbox_item (owner_id, box, document_id, organization_id, subject, kind_name, classification, urgency, status, drafter_name, overdue, number, updated_at)
       SELECT IF(CRC32(d.id) % 10 = 0, ?, CONCAT('00000000-0000-4000-8000-', LPAD(CRC32(d.id) % 10, 12, '0'))), 'finished', d.id, d.organization_id, d.subject, 'Surat Dinas', 'biasa', 'biasa', 'signed', 'Pegawai', FALSE,
              CONCAT('800/', SUBSTRING_INDEX(d.subject, ' ', -1), '/UMPEG/2026'), d.updated_at
         FROM document d WHERE d.organization_id = ? AND d.subject LIKE 'Naskah massal %'`,
      [clerkId, org.id],
    );
    const [{ total }] = await ds.query(`SELECT COUNT(*) AS total FROM inbox_item`);
    const [{ mine }] = await ds.query(`SELECT COUNT(*) AS mine FROM inbox_item WHERE owner_id = ? AND box = 'finished'`, [clerkId]);
    console.log(
      `\ninbox: seeded ${INBOX_DOCS} documents and ${total} inbox rows in ${((performance.now() - t0) / 1000).toFixed(1)} s; the clerk's finished box holds ${mine}`,
    );
    // Rare terms: subjects and numbers of the clerk's own letters, spread over the whole box.
    const clerkRows: Array<{ subject: string; number: string; updated_at: Date; document_id: string }> = await ds.query(
      `SELECT subject, number, updated_at, document_id FROM inbox_item WHERE owner_id = ? AND box = 'finished' ORDER BY updated_at DESC LIMIT ${INBOX_QUERIES} OFFSET 1000`,
      [clerkId],
    );
    const spread: Array<{ subject: string; number: string }> = await ds.query(
      `SELECT subject, number FROM inbox_item WHERE owner_id = ? AND box = 'finished' AND CRC32(document_id) % 997 = 0 LIMIT 100`,
      [clerkId],
    );
    const cursors = clerkRows.map((r) => Buffer.from(`${r.updated_at.toISOString()}|${r.document_id}`).toString('base64url'));
    const get = (query: string) =>
      api
        .as(clerk)
        .get(`/api/v1/inbox?${query}`)
        .then((r) => {
          if (r.status !== 200) throw new Error(`inbox ${query}: ${r.status} ${JSON.stringify(r.body)}`);
          return r;
        });
    const first: number[] = [];
    const firstSql: number[] = [];
    const health: number[] = [];
    const deep: number[] = [];
    const counts: number[] = [];
    const firstPageSql = `SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' ORDER BY updated_at DESC, document_id DESC LIMIT 21`;
    for (let i = 0; i < INBOX_QUERIES; i++) {
      await timed(first, () => get('box=finished&limit=20'));
      // Where a first page's time goes: the statement alone, and a request that reads nothing.
      await timed(firstSql, () => ds.query(firstPageSql, [clerkId]));
      await timed(health, () => api.http.get('/api/v1/bench-no-such-route'));
      const c = cursors[i % Math.max(1, cursors.length)];
      if (c) await timed(deep, () => get(`box=finished&limit=20&cursor=${c}`));
      if (i % 3 === 0) await timed(counts, () => api.as(clerk).get('/api/v1/inbox/counts'));
    }
    // Search (q): every word of q starts a word of the subject or the number, in any order. A term that
    // almost every row matches fills the first page from the newest rows; a rare one goes through the
    // full-text index instead of reading the box.
    const common: number[] = [];
    const commonNext: number[] = [];
    const rare: number[] = [];
    const byNumber: number[] = [];
    let rareHits = 0;
    for (let i = 0; i < Math.min(INBOX_QUERIES, 100); i++) {
      const page = await timed(common, () => get('box=finished&limit=20&q=massal'));
      await timed(commonNext, () => get(`box=finished&limit=20&q=massal&cursor=${page.body.nextCursor}`));
      const row = spread[i % Math.max(1, spread.length)];
      if (!row) continue;
      const r = await timed(rare, () => get(`box=finished&limit=20&q=${encodeURIComponent(row.subject.replace('Naskah ', ''))}`));
      rareHits += r.body.items.length;
      await timed(byNumber, () => get(`box=finished&limit=20&q=${encodeURIComponent(row.number.split('/').slice(0, 3).join('/'))}`));
    }
    console.log(`  first page       ${fmt(first)}`);
    console.log(`  - its statement  ${fmt(firstSql)}  (SQL alone, same pool size)`);
    console.log(`  - no-op request  ${fmt(health)}  (a 404: the HTTP stack and its middleware, no handler, no SQL)`);
    console.log(`  page by cursor   ${fmt(deep)}`);
    console.log(`  counts           ${fmt(counts)}  (the web app asks with every page)`);
    console.log(`  search, common   ${fmt(common)}  ("massal": every row)`);
    console.log(`  search, common 2 ${fmt(commonNext)}  (its next page)`);
    console.log(`  search, rare     ${fmt(rare)}  ("massal <n>", ${(rareHits / Math.max(1, rare.length)).toFixed(1)} hits a query, box of ${mine})`);
    console.log(`  search, number   ${fmt(byNumber)}  ("800/<n>/UMPEG")`);
    // The plans the pages rely on (ANALYZE: rows estimated and read).
    const plan = async (label: string, sql: string, params: unknown[]) => {
      const rows: Array<Record<string, unknown>> = await ds.query(`ANALYZE ${sql}`, params);
      for (const r of rows)
        console.log(
          `  plan ${label.padEnd(14)} table=${r.table} type=${r.type} key=${r.key} rows=${r.rows} r_rows=${r.r_rows} extra=${r.Extra ?? ''}`,
        );
    };
    const [cur] = clerkRows;
    await plan('first page', `SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' ORDER BY updated_at DESC, document_id DESC LIMIT 21`, [
      clerkId,
    ]);
    if (cur)
      await plan(
        'page by cursor',
        `SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' AND (updated_at < ? OR (updated_at = ? AND document_id < ?)) ORDER BY updated_at DESC, document_id DESC LIMIT 21`,
        [clerkId, cur.updated_at, cur.updated_at, cur.document_id],
      );
    await plan('counts', `SELECT COUNT(*) AS n FROM (SELECT 1 FROM inbox_item WHERE owner_id = ? AND box = 'finished' LIMIT 1000) c`, [clerkId]);
    const word = '(^|[^\\p{L}\\p{N}_])massal';
    await plan(
      'search, common',
      `SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' AND (subject REGEXP ? OR number REGEXP ?) ORDER BY updated_at DESC, document_id DESC LIMIT 21`,
      [clerkId, word, word],
    );
    const rareTerm = spread[0]?.subject.split(' ').pop() ?? '1000';
    await plan(
      'search, rare',
      `SELECT * FROM inbox_item WHERE owner_id = ? AND box = 'finished' AND MATCH (subject, number) AGAINST (? IN BOOLEAN MODE) ORDER BY updated_at DESC, document_id DESC LIMIT 21`,
      [clerkId, `+${rareTerm}*`],
    ).catch((e: Error) => console.log(`  plan search, rare: ${e.message}`));
  } finally {
    await stop();
  }
}

runBench(main);
