import { randomBytes } from 'node:crypto';
import { startApi, TestApi } from './api';
import { closeTestDataSource } from './fixtures';
import { startTestWorker } from './worker';

/**
 * Registers the file's lifecycle: the real HTTP API and an in-process worker on a task queue of
 * the file's own, started before its tests and stopped after them.
 */
export function useApiAndWorker(prefix: string, overrides: Record<string, string> = {}): { readonly api: TestApi; readonly queue: string } {
  const queue = `${prefix}-${randomBytes(4).toString('hex')}`;
  let api: TestApi | undefined;
  let stopWorker: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    api = await startApi({ TEMPORAL_TASK_QUEUE: queue, ...overrides });
    stopWorker = (await startTestWorker(api.cfg)).stop;
  }, 120_000);
  afterAll(async () => {
    // The API first, while the worker still answers the updates of requests it is finishing.
    try {
      await api?.close();
    } finally {
      await stopWorker?.();
      await closeTestDataSource();
    }
  });
  return {
    queue,
    get api() {
      if (!api) throw new Error('the API is not started yet');
      return api;
    },
  };
}
