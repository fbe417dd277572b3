import { bundleWorkflowCode, DefaultLogger, Runtime } from '@temporalio/worker';
import { createNaskahWorker, NaskahWorker } from '@naskah/worker';
import { AppConfig } from '@naskah/config';
import { workflowBundleOptions } from '@naskah/worker';

let bundle: ReturnType<typeof bundleWorkflowCode> | undefined;

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
  bundle ??= bundleWorkflowCode({ ...workflowBundleOptions, logger: quietBundlerLogger });
  const worker = await createNaskahWorker(cfg, { workflowBundle: await bundle, logger: false, maxCachedWorkflows: opts.maxCachedWorkflows });
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
