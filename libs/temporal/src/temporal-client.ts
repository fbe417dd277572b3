import { Client, Connection, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { CallTracker } from './call-tracker';
import { clientDataConverter, PayloadKey } from './payload-codec';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** TEMPORAL_PAYLOAD_KEYS: every payload is encrypted with the first (STYLE §13). */
  payloadKeys: readonly PayloadKey[];
}

/** The SDK's longest wait before a retry (maxIntervalMs 5 s, jitter up to 20 %), with a margin. */
const MIN_CLOSE_WAIT_MS = 6_500;

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  /** Waits (at most `graceMs`, at least the longest retry wait) for the calls in flight, then closes the connection. */
  close(graceMs?: number): Promise<void>;
}

/**
 * A client whose connection is made lazily: the API starts (and reports itself unhealthy)
 * while Temporal is down, and connects once it is back. It retries as the SDK does by default,
 * and is closed only when its calls have ended (CallTracker).
 */
export function createTemporalClient(opts: TemporalClientOptions): TemporalClientHandle {
  const calls = new CallTracker();
  // The SDK's retries (its default), none started once closing begins: a retry's timer firing after
  // the close would throw from the timer. A retry already waiting runs, fails or succeeds, and ends.
  const retry = defaultGrpcRetryOptions();
  let closing = false;
  const connection = Connection.lazy({
    address: opts.address,
    connectTimeout: 5000,
    interceptors: [
      calls.interceptor,
      makeGrpcRetryInterceptor({
        delayFunction: retry.delayFunction,
        retryableDecider: (attempt, status) => !closing && retry.retryableDecider(attempt, status),
      }),
    ],
  });
  const client = new Client({ connection, namespace: opts.namespace, dataConverter: clientDataConverter(opts.payloadKeys) });
  const close = async (graceMs = 10_000) => {
    closing = true;
    // Never shorter than the longest retry wait (5 s with up to 20 % jitter): one scheduled just before
    // closing began must have fired, on the open connection, before it closes.
    await calls.idle(Math.min(Math.max(graceMs, MIN_CLOSE_WAIT_MS), 60_000));
    await connection.close();
  };
  return { client, connection, close };
}
