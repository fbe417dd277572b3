import { HttpException, ServiceUnavailableException } from '@nestjs/common';
import { ServiceError as GrpcServiceError, status as GrpcStatus } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { ApplicationFailure, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { DomainError, DomainErrorCode } from '@naskah/domain';

// Every code, so a new DomainErrorCode does not compile until the workflow's refusals of that code are mapped.
const DOMAIN_CODES: Record<DomainErrorCode, true> = { INVALID_INPUT: true, NOT_FOUND: true, FORBIDDEN: true, CONFLICT: true, RULE_VIOLATION: true };
const isDomainCode = (type: string | null | undefined): type is DomainErrorCode => typeof type === 'string' && Object.hasOwn(DOMAIN_CODES, type);

const IN_PROGRESS = 'Tindakan sedang diproses. Ulangi dengan Idempotency-Key yang sama untuk melihat hasilnya.';

export class TemporalUnavailable extends ServiceUnavailableException {
  constructor(message = 'Mesin alur kerja tidak dapat dihubungi. Coba lagi dengan Idempotency-Key yang sama.') {
    super({ code: 'UNAVAILABLE', message });
  }
}

/**
 * Temporal refused the call for a reason the user cannot change (a request the API should not
 * have built, a misconfigured namespace or credentials): the exception filter logs this message
 * (gRPC status and details) and answers a 500 that shows none of it.
 */
export class TemporalCallFailed extends Error {
  constructor(message: string, cause: unknown) {
    super(message, { cause });
    this.name = 'TemporalCallFailed';
  }
}

const notInApproval = () => new DomainError('CONFLICT', 'Naskah tidak sedang dalam proses persetujuan');

/** The gRPC error behind an SDK error: the error itself, or the cause the SDK wrapped it in (ServiceError). */
function grpcErrorOf(e: unknown): GrpcServiceError | undefined {
  for (let x = e, depth = 0; x instanceof Error && depth < 4; x = x.cause, depth++) {
    if (isGrpcServiceError(x)) return x;
  }
  return undefined;
}

/**
 * What a failed Temporal call means to the API's caller, by the SDK's error classes and gRPC
 * status codes. Errors that are not Temporal's (a DomainError thrown on the way, a bug) pass as
 * they are.
 */
export function toApiError(e: unknown): unknown {
  if (e instanceof DomainError || e instanceof HttpException) return e;
  if (e instanceof WorkflowUpdateFailedError) {
    // The workflow's validator or handler refused: its ApplicationFailure carries the domain's code, Pasal and field.
    const failure = e.cause;
    if (failure instanceof ApplicationFailure && isDomainCode(failure.type)) {
      const details = (failure.details?.[0] ?? {}) as { pasal?: string; field?: string };
      return new DomainError(failure.type, failure.message, { pasal: details.pasal, field: details.field });
    }
    const what = failure instanceof ApplicationFailure ? `ApplicationFailure of type ${failure.type}` : (failure?.name ?? 'no cause');
    return new TemporalCallFailed(`update failed: ${what}: ${failure?.message ?? e.message}`, e);
  }
  // Not running (never submitted, or already closed; this server answers NOT_FOUND "workflow execution already completed").
  if (e instanceof WorkflowNotFoundError) return notInApproval();
  // Update-with-start met a chain that already ended (signed or withdrawn; the reuse policy admits only a failed run).
  if (e instanceof WorkflowExecutionAlreadyStartedError) return notInApproval();
  // The update's own RPC ran out of time (DEADLINE_EXCEEDED or CANCELLED): the update may still be accepted; the key repeats it safely.
  if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return new TemporalUnavailable(IN_PROGRESS);
  const grpc = grpcErrorOf(e);
  if (!grpc) return e;
  switch (grpc.code) {
    case GrpcStatus.UNAVAILABLE: // includes "No connection established" (refused, DNS, TLS)
    case GrpcStatus.DEADLINE_EXCEEDED:
    case GrpcStatus.RESOURCE_EXHAUSTED:
    case GrpcStatus.ABORTED:
    case GrpcStatus.CANCELLED:
      return new TemporalUnavailable();
    case GrpcStatus.NOT_FOUND:
      return notInApproval();
    default:
      // FAILED_PRECONDITION (an update meets "unexpected workflow task failure": the workflow code
      // fails), INVALID_ARGUMENT (the API validates what it sends), PERMISSION_DENIED, UNAUTHENTICATED, INTERNAL, ...
      return new TemporalCallFailed(`Temporal answered ${GrpcStatus[grpc.code] ?? grpc.code}: ${grpc.details}`, e);
  }
}

/**
 * Calls the workflow and turns what comes back into the API's errors: the domain's refusals keep
 * their code, Pasal and field; an unreachable Temporal or a slow answer is a 503 (the action is
 * durable once accepted; repeating it with the same Idempotency-Key returns its result).
 */
export async function callWorkflow<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TemporalUnavailable(IN_PROGRESS)), timeoutMs);
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (e) {
    throw toApiError(e);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * callWorkflow for a call that should outlast a short Temporal outage, not fail at its first 503:
 * one made after the database has committed (a signature's sign or end-of-claim update: the letter
 * is signed, and the claim would otherwise hold the step until the workflow frees it), or one no
 * person waits on (the holidays sent to running chains). Repeated while Temporal answers 503, with
 * waits from 250 ms doubling to 2 s, until `timeoutMs` has passed since the first try. The call
 * must be idempotent: an update with a fixed id, or one that sets a value.
 */
export async function callWorkflowPatiently<T>(
  fn: () => Promise<T>,
  timeoutMs: number,
  sleep = (ms: number) => new Promise((r) => setTimeout(r, ms)),
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return await callWorkflow(fn, Math.max(1, deadline - Date.now()));
    } catch (e) {
      const wait = Math.min(2_000, 250 * 2 ** attempt);
      if (!(e instanceof TemporalUnavailable) || Date.now() + wait >= deadline) throw e;
      await sleep(wait);
    }
  }
}
