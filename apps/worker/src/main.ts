import { loadConfigOrExit } from '@naskah/config';
import { createNaskahWorker } from './worker.factory';
import { prebuiltWorkflowBundle } from './workflow-bundle';

/** The worker process: no HTTP. SIGTERM/SIGINT shut it down gracefully. */
async function main(): Promise<void> {
  const cfg = loadConfigOrExit();
  const { worker, app, connection } = await createNaskahWorker(cfg, prebuiltWorkflowBundle());
  const stop = () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  process.stdout.write(`worker polling task queue ${cfg.TEMPORAL_TASK_QUEUE} at ${cfg.TEMPORAL_ADDRESS}\n`);
  await worker.run();
  await app.close();
  await connection.close();
}

main().catch((e) => {
  process.stderr.write(`worker failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
