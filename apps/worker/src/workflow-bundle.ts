import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions, WorkerOptions } from '@temporalio/worker';

/** The one bundle definition used by the worker, the tests and the build (STYLE). */
export const workflowBundleOptions: Pick<BundleOptions, 'workflowsPath'> = {
  workflowsPath: require.resolve('@naskah/workflows'),
};

/** Where `npm run build` writes the workflow bundle: dist/workflow-bundle.js. */
export const PREBUILT_WORKFLOW_BUNDLE = join(__dirname, '..', '..', '..', 'workflow-bundle.js');

/**
 * The worker runs the bundle made at build time, so a workflow that does not bundle fails the
 * build, not the first start in production.
 */
export function prebuiltWorkflowBundle(path = PREBUILT_WORKFLOW_BUNDLE): Required<Pick<WorkerOptions, 'workflowBundle'>> {
  if (!existsSync(path)) throw new Error(`${path} is missing: run "npm run build", which bundles the workflows`);
  return { workflowBundle: { codePath: path } };
}
