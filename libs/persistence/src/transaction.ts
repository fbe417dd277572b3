import { DataSource, EntityManager } from 'typeorm';

const RETRYABLE = new Set(['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT']);

function isRetryable(e: unknown): boolean {
  const err = e as { code?: string; driverError?: { code?: string } };
  return RETRYABLE.has(err?.driverError?.code ?? err?.code ?? '');
}

/**
 * The write transactions of the projection and the drafts: READ COMMITTED, so an empty range
 * takes no gap lock (concurrent drafts of one clerk deadlocked under REPEATABLE READ, found by
 * the benchmark), and retried a few times when InnoDB still picks a deadlock victim.
 */
export async function writeTransaction<T>(ds: DataSource, fn: (m: EntityManager) => Promise<T>, attempts = 4): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await ds.transaction('READ COMMITTED', fn);
    } catch (e) {
      if (i >= attempts || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, 10 * i + Math.floor(Math.random() * 20)));
    }
  }
}
