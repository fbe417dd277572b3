import { InterceptingCall, Interceptor } from '@grpc/grpc-js';

/**
 * Counts a connection's calls in flight, each counted once however often the SDK's retry
 * interceptor (inside it) tries again, so that a process closes its Temporal connection only
 * when no call is left. Closing it under a call the SDK is about to retry throws "Channel has
 * been shut down" from the retry's timer, an uncaught exception that ends the process (seen when
 * the API stopped while an update waited on a worker that had just stopped).
 */
export class CallTracker {
  private active = 0;
  private waiting: Array<() => void> = [];

  /** Put first in the connection's interceptors, before the retry interceptor. */
  readonly interceptor: Interceptor = (options, nextCall) =>
    new InterceptingCall(nextCall(options), {
      start: (metadata, _listener, next) => {
        this.active++;
        let settled = false;
        const settleOnce = () => {
          if (settled) return;
          settled = true;
          this.settle();
        };
        try {
          next(metadata, {
            onReceiveStatus: (status, forward) => {
              settleOnce();
              forward(status);
            },
          });
        } catch (e) {
          // The call never started: it is not in flight.
          settleOnce();
          throw e;
        }
      },
    });

  get inFlight(): number {
    return this.active;
  }

  /** Resolves once no call is in flight, or after `timeoutMs` (true: none left). */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = this.waiting.filter((w) => w !== done);
        resolve(false);
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        resolve(true);
      };
      this.waiting.push(done);
    });
  }

  private settle(): void {
    this.active--;
    if (this.active > 0) return;
    const waiting = this.waiting;
    this.waiting = [];
    for (const w of waiting) w();
  }
}
