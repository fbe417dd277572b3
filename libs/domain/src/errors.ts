/**
 * Every rule that refuses something throws a DomainError: a stable code, a message in
 * Bahasa Indonesia for the user, the Pasal it comes from, and the field it concerns.
 * Transports map the code to a status (one exhaustive switch per transport, STYLE §7).
 */
export type DomainErrorCode =
  | 'INVALID_INPUT' // 400
  | 'NOT_FOUND' // 404
  | 'FORBIDDEN' // 403: not yours
  | 'CONFLICT' // 409: state conflict (not your step, stale version, already acted)
  | 'RULE_VIOLATION'; // 422: a rule of the regulation is broken

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    readonly details: { pasal?: string; field?: string } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  get pasal(): string | undefined {
    return this.details.pasal;
  }

  get field(): string | undefined {
    return this.details.field;
  }
}

export function assertNever(x: never): never {
  throw new Error(`Unreachable: ${JSON.stringify(x)}`);
}
