import { randomBytes } from 'node:crypto';
import { createTemporalClient } from './temporal-client';

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
    // Closing stopped the retries (ten attempts would take longer) rather than waiting them out.
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
