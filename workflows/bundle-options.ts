import type { BundleOptions } from '@temporalio/worker';

/** The one bundle definition used by the worker, the tests and any build script (STYLE). */
export const workflowBundleOptions: Pick<BundleOptions, 'workflowsPath'> = {
  workflowsPath: require.resolve('./src/index'),
};
