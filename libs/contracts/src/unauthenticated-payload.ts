/**
 * The worker's payload codec (@naskah/temporal) hands the workflow this value in place of any
 * argument no configured key authenticates (a plain Temporal client, the Temporal UI): the workflow
 * refuses it. The field name is the codec's UNAUTHENTICATED_PAYLOAD_FIELD.
 */
export const UNAUTHENTICATED_PAYLOAD_FIELD = 'naskahUnauthenticatedPayload';

/** The marker, or no argument at all (which the API never sends: it always sends one, encrypted). */
export function isUnauthenticatedPayload(value: unknown): boolean {
  if (value === undefined || value === null) return true;
  return typeof value === 'object' && (value as Record<string, unknown>)[UNAUTHENTICATED_PAYLOAD_FIELD] === true;
}

/** The failure type of a refused unauthenticated message (not a DomainErrorCode: the API never sends one). */
export const UNAUTHENTICATED_PAYLOAD_FAILURE = 'UNAUTHENTICATED_PAYLOAD';
