import { randomBytes } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { createTemporalClient, LONGEST_RETRY_WAIT_MS, REQUEST_RETRY, requestRetryDelayMs } from './temporal-client';

/** Port 1 on the loopback: nothing listens there, and nothing in the run can bind it. */
const UNREACHABLE = '127.0.0.1:1';

describe('createTemporalClient: closing the connection under calls in flight', () => {
  const payloadKeys = [{ id: 'test', key: randomBytes(32) }];

  // A retry left behind would throw "Channel has been shut down" from its timer after the close: Jest
  // fails this file with that uncaught error (the wait at the end gives such a timer the time to fire).
  it('a call the SDK is retrying (Temporal unreachable) ends with its error, and no retry fires after the close', async () => {
    const { connection, close } = createTemporalClient({ address: UNREACHABLE, namespace: 'default', payloadKeys });
    const call = connection.workflowService.getSystemInfo({}).then(
      () => null,
      (e: unknown) => e,
    );
    // Refused at once and retried with backoff: let a few retries happen, then close.
    await new Promise((r) => setTimeout(r, 400));
    const started = Date.now();
    await close(10_000);
    // Closing stopped the retries rather than waiting them out.
    expect(Date.now() - started).toBeLessThan(6_000);
    const error = await call;
    expect(error).toBeInstanceOf(Error);
    expect(String((error as Error).message)).toMatch(/UNAVAILABLE|No connection established/);
    // The retries' waits this early are under a second: give a timer left behind the time to fire.
    await new Promise((r) => setTimeout(r, 2_000));
  }, 30_000);

  it('closing with no call in flight is immediate', async () => {
    const { close } = createTemporalClient({ address: UNREACHABLE, namespace: 'default', payloadKeys });
    const started = Date.now();
    await close(10_000);
    expect(Date.now() - started).toBeLessThan(500);
  });
});

describe('createTemporalClient: retries sized for a person waiting on a request', () => {
  const payloadKeys = [{ id: 'test', key: randomBytes(32) }];
  const unavailable = { code: GrpcStatus.UNAVAILABLE };

  it('waits 100 ms × 1.7 per attempt, at most 1 s, within 20 % jitter either way', () => {
    const low = (a: number) => requestRetryDelayMs(a, unavailable, () => 0);
    const high = (a: number) => requestRetryDelayMs(a, unavailable, () => 1);
    const mid = (a: number) => requestRetryDelayMs(a, unavailable, () => 0.5);
    expect([1, 2, 3, 4].map(mid)).toEqual([170, 100 * 1.7 ** 2, 100 * 1.7 ** 3, 100 * 1.7 ** 4]);
    expect(low(1)).toBeCloseTo(136);
    expect(high(1)).toBeCloseTo(204);
    expect(mid(10)).toBe(1_000);
    expect(high(10)).toBeCloseTo(LONGEST_RETRY_WAIT_MS);
  });

  it('backs off from 500 ms when Temporal sheds load (RESOURCE_EXHAUSTED), still at most 1 s', () => {
    const mid = (a: number) => requestRetryDelayMs(a, { code: GrpcStatus.RESOURCE_EXHAUSTED }, () => 0.5);
    expect([1, 2, 3].map(mid)).toEqual([850, 1_000, 1_000]);
  });

  it('all the waits of one call add up to about two seconds, not the twenty of the SDK default', () => {
    const worst = Array.from({ length: REQUEST_RETRY.maxAttempts - 1 }, (_, i) => requestRetryDelayMs(i + 1, unavailable, () => 1));
    expect(worst.reduce((a, b) => a + b, 0)).toBeLessThan(2_500);
  });

  it('a call to an unreachable Temporal gives up by itself with UNAVAILABLE once its attempts are spent', async () => {
    const { connection, close } = createTemporalClient({ address: UNREACHABLE, namespace: 'default', payloadKeys });
    try {
      const started = Date.now();
      const error = await connection.workflowService.getSystemInfo({}).then(
        () => null,
        (e: unknown) => e,
      );
      expect(String((error as Error).message)).toMatch(/UNAVAILABLE|No connection established/);
      // Five attempts with the waits above; the SDK's default would still be retrying for another ~17 s.
      expect(Date.now() - started).toBeLessThan(8_000);
    } finally {
      await close();
    }
  }, 30_000);
});
