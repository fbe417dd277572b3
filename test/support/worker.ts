import { DefaultLogger, Runtime, WorkerOptions } from '@temporalio/worker';
import { createNaskahWorker, NaskahWorker } from '@naskah/worker';
import { AppConfig } from '@naskah/config';
import { TEST_ENV_KEYS } from '../setup/test-env';

/** The run's workflow bundle, made once by the global setup (test/setup/global-setup.ts). */
export function testWorkflowBundle(): NonNullable<WorkerOptions['workflowBundle']> {
  const codePath = process.env[TEST_ENV_KEYS.workflowBundle];
  if (!codePath) throw new Error(`${TEST_ENV_KEYS.workflowBundle} is not set: the e2e project's global setup bundles the workflows`);
  return { codePath };
}

/** The real worker (same factory as production) in this test process, on the file's task queue. */
let runtimeInstalled = false;

/** Worker logs at WARN and above; the Runtime is one per process, so installed once. */
export function quietTemporalRuntime(): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  try {
    Runtime.install({ logger: new DefaultLogger('WARN') });
  } catch {
    // already installed by an earlier test file in this process
  }
}

export const quietBundlerLogger = {
  info: () => undefined,
  warn: () => undefined,
  error: console.error,
  debug: () => undefined,
  trace: () => undefined,
  log: () => undefined,
};

/** `maxCachedWorkflows: 0` turns the cache off: every workflow task replays the history from the start. */
export async function startTestWorker(
  cfg: AppConfig,
  opts: { maxCachedWorkflows?: number } = {},
): Promise<{ worker: NaskahWorker; stop(): Promise<void> }> {
  quietTemporalRuntime();
  const worker = await createNaskahWorker(cfg, { workflowBundle: testWorkflowBundle(), logger: false, maxCachedWorkflows: opts.maxCachedWorkflows });
  const running = worker.worker.run();
  return {
    worker,
    stop: async () => {
      worker.worker.shutdown();
      await running;
      await worker.app.close();
      await worker.connection.close();
    },
  };
}
