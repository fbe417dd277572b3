import { StatusObject, status as GrpcStatus } from '@grpc/grpc-js';
import { Client, Connection, isRetryableError, makeGrpcRetryInterceptor } from '@temporalio/client';
import { CallTracker } from './call-tracker';
import { clientDataConverter, PayloadKey } from './payload-codec';

export interface TemporalClientOptions {
  address: string;
  namespace: string;
  /** TEMPORAL_PAYLOAD_KEYS: every payload is encrypted with the first (STYLE §13). */
  payloadKeys: readonly PayloadKey[];
}

/**
 * Retries for a client that answers people waiting on a request: a few quick ones ride out a blip
 * (Temporal's frontend restarting, a connection reset), then the caller gets its 503 in about two
 * seconds instead of the SDK's default of ten attempts over some twenty. The n-th wait is
 * 100 ms × 1.7ⁿ (170, 289, 491, 835 ms; 500 ms × 1.7ⁿ when Temporal sheds load), at most 1 s,
 * with up to 20 % jitter either way.
 */
export const REQUEST_RETRY = { maxAttempts: 5, factor: 1.7, maxIntervalMs: 1_000, maxJitter: 0.2 } as const;

/** The longest single wait before a retry, jitter included: closing waits at least this long for calls in flight. */
export const LONGEST_RETRY_WAIT_MS = REQUEST_RETRY.maxIntervalMs * (1 + REQUEST_RETRY.maxJitter);

/** The wait before retry number `attempt` (1-based) of a call that ended with `status`. */
export function requestRetryDelayMs(attempt: number, status: Pick<StatusObject, 'code'>, random: () => number = Math.random): number {
  const initial = status.code === GrpcStatus.RESOURCE_EXHAUSTED ? 500 : 100;
  const jitter = 1 - REQUEST_RETRY.maxJitter + random() * 2 * REQUEST_RETRY.maxJitter;
  return Math.min(REQUEST_RETRY.maxIntervalMs, initial * REQUEST_RETRY.factor ** attempt) * jitter;
}

export interface TemporalClientHandle {
  client: Client;
  connection: Connection;
  /** Waits (at most `graceMs`, at least the longest retry wait) for the calls in flight, then closes the connection. */
  close(graceMs?: number): Promise<void>;
}

/**
 * A client whose connection is made lazily: the API starts (and reports itself unhealthy)
 * while Temporal is down, and connects once it is back. It retries briefly (REQUEST_RETRY), and
 * is closed only when its calls have ended (CallTracker).
 */
export function createTemporalClient(opts: TemporalClientOptions): TemporalClientHandle {
  const calls = new CallTracker();
  // No retry is started once closing begins: a retry's timer firing after the close would throw
  // from the timer. A retry already waiting runs, fails or succeeds, and ends.
  let closing = false;
  const connection = Connection.lazy({
    address: opts.address,
    connectTimeout: 5000,
    interceptors: [
      calls.interceptor,
      makeGrpcRetryInterceptor({
        delayFunction: (attempt, status) => requestRetryDelayMs(attempt, status),
        retryableDecider: (attempt, status) => !closing && attempt < REQUEST_RETRY.maxAttempts && isRetryableError(status),
      }),
    ],
  });
  const client = new Client({ connection, namespace: opts.namespace, dataConverter: clientDataConverter(opts.payloadKeys) });
  const close = async (graceMs = 10_000) => {
    closing = true;
    // Never shorter than the longest retry wait: one scheduled just before closing began must have
    // fired, on the open connection, before it closes.
    await calls.idle(Math.min(Math.max(graceMs, LONGEST_RETRY_WAIT_MS + 300), 60_000));
    await connection.close();
  };
  return { client, connection, close };
}
