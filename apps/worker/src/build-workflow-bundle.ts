import { writeFileSync } from 'node:fs';
import { bundleWorkflowCode } from '@temporalio/worker';
import { PREBUILT_WORKFLOW_BUNDLE, workflowBundleOptions } from './workflow-bundle';

/** `npm run build` step: bundles the workflows once; a bundle that fails exits non-zero. */
async function main(): Promise<void> {
  const started = Date.now();
  const { code } = await bundleWorkflowCode({
    ...workflowBundleOptions,
    logger: { info: () => undefined, warn: console.warn, error: console.error, debug: () => undefined, trace: () => undefined, log: () => undefined },
  });
  writeFileSync(PREBUILT_WORKFLOW_BUNDLE, code);
  process.stdout.write(`workflow bundle: ${PREBUILT_WORKFLOW_BUNDLE} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`);
}

main().catch((e) => {
  process.stderr.write(`workflow bundle failed: ${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
