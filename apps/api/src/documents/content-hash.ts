import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';

/** SHA-256 over the canonical JSON (RFC 8785) of a version's content: what a paraf binds to. */
export function contentHash(content: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalize(content)!).digest('hex');
}
