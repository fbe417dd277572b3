import { ServiceUnavailableException } from '@nestjs/common';
import { ServiceError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DomainError, DomainErrorCode } from '@naskah/domain';

const DOMAIN_CODES: DomainErrorCode[] = ['INVALID_INPUT', 'NOT_FOUND', 'FORBIDDEN', 'CONFLICT', 'RULE_VIOLATION'];

export class TemporalUnavailable extends ServiceUnavailableException {
  constructor(message = 'Mesin alur kerja tidak dapat dihubungi. Coba lagi dengan Idempotency-Key yang sama.') {
    super({ code: 'UNAVAILABLE', message });
  }
}

function isConnectionProblem(e: unknown): boolean {
  if (e instanceof ServiceError) return true;
  const msg = e instanceof Error ? e.message : String(e);
  return /UNAVAILABLE|DEADLINE_EXCEEDED|connect|ECONNREFUSED|transport/i.test(msg);
}

/**
 * Calls the workflow and turns what comes back into the API's errors: the domain's refusals keep
 * their code, Pasal and field; an unreachable Temporal or a slow answer is a 503 (the action is
 * durable once accepted; repeating it with the same Idempotency-Key returns its result).
 */
export async function callWorkflow<T>(fn: () => Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new TemporalUnavailable('Tindakan sedang diproses. Ulangi dengan Idempotency-Key yang sama untuk melihat hasilnya.')),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([fn(), timeout]);
  } catch (e) {
    if (e instanceof WorkflowUpdateFailedError && e.cause instanceof ApplicationFailure) {
      const type = e.cause.type as DomainErrorCode;
      if (DOMAIN_CODES.includes(type)) {
        const details = (e.cause.details?.[0] ?? {}) as { pasal?: string; field?: string };
        throw new DomainError(type, e.cause.message, details);
      }
    }
    if (e instanceof WorkflowNotFoundError || (e instanceof Error && /not found|already completed/i.test(e.message))) {
      throw new DomainError('CONFLICT', 'Naskah tidak sedang dalam proses persetujuan');
    }
    if (e instanceof TemporalUnavailable || isConnectionProblem(e)) throw e instanceof TemporalUnavailable ? e : new TemporalUnavailable();
    throw e;
  } finally {
    clearTimeout(timer);
  }
}
