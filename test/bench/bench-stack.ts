import { randomBytes } from 'node:crypto';
import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { AppConfig, loadConfig } from '@naskah/config';
import { dropDatabase, ensureDatabase, migrateDatabase, parseDatabaseUrl } from '@naskah/persistence';
import { createNaskahWorker } from '@naskah/worker';
import { DevServer, ensureTemporalCli, startDevServer } from '@naskah/temporal';
import { startApi, TestApi } from '../support/api';
import { closeTestDataSource } from '../support/fixtures';

/** What a benchmark runs against: its own Temporal dev server and database, the API, and an in-process worker. */
export interface BenchStack {
  base: AppConfig;
  server: DevServer;
  dbName: string;
  /** The task queue of the in-process worker. */
  queue: string;
  /** The bench database's URL, for processes the benchmark starts itself. */
  url: string;
  api: TestApi;
  /** Stops the worker, the API, the data source and the dev server, and drops the database. */
  stop(): Promise<void>;
}

/**
 * Starts a benchmark's stack. `env` is set in process.env beside the database, the Temporal address, a task
 * queue of its own and silent logs, before the API reads its configuration.
 */
export async function startBenchStack(
  env: Record<string, string> = {},
  bundlerLogger?: Parameters<typeof bundleWorkflowCode>[0]['logger'],
): Promise<BenchStack> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const base = loadConfig(process.env);
  const binary = await ensureTemporalCli({ cliPath: base.TEMPORAL_CLI_PATH, cacheDir: base.CACHE_DIR });
  const server = await startDevServer({ binary, readyTimeoutMs: 120_000 });
  const admin = parseDatabaseUrl(base.DATABASE_ADMIN_URL);
  const dbName = `naskah_bench_${randomBytes(4).toString('hex')}`;
  const url = `mysql://naskah_test:naskah-test@${admin.host}:${admin.port}/${dbName}`;
  await ensureDatabase(url, base.DATABASE_ADMIN_URL);
  const queue = `naskah-bench-${randomBytes(3).toString('hex')}`;
  Object.assign(process.env, { DATABASE_URL: url, TEMPORAL_ADDRESS: server.address, TEMPORAL_TASK_QUEUE: queue, LOG_LEVEL: 'silent', ...env });
  await migrateDatabase(url, base.DATABASE_ADMIN_URL);
  const api = await startApi({ ACTION_TIMEOUT_SECONDS: '120' });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows'), logger: bundlerLogger });
  const worker = await createNaskahWorker(api.cfg, { workflowBundle, logger: false });
  const running = worker.worker.run();
  return {
    base,
    server,
    dbName,
    queue,
    url,
    api,
    async stop() {
      worker.worker.shutdown();
      await running;
      await worker.app.close();
      await worker.connection.close();
      await api.close();
      await closeTestDataSource();
      await server.stop();
      await dropDatabase(base.DATABASE_ADMIN_URL, dbName);
    },
  };
}

/** Runs a benchmark's main and exits with its outcome (the SDK's runtime would otherwise keep the process). */
export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
