import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 over the canonical JSON (RFC 8785) of a version's content: what a paraf binds to. */
export function contentHash(content: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}

/**
 * The hash of a stored version: its fields (kind, classification, urgency, archive code,
 * addressees, signer) with its subject and body. The API computes it when a version is saved; the
 * worker recomputes it before making the letter, so a row changed after the paraf is never signed.
 */
export function versionHash(v: { fields: object; subject: string; body: string }): string {
  return contentHash({ ...v.fields, subject: v.subject, body: v.body });
}
