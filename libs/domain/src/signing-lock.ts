/**
 * Wrong passphrases lock signing: after SIGNING_LOCKOUT.attempts wrong passphrases in a row, the
 * official may not sign for SIGNING_LOCKOUT.minutes (a guess at a personal signature's passphrase
 * must be slow). A signature made resets the count; the count starts again when a lock ends.
 */
export const SIGNING_LOCKOUT = { attempts: 5, minutes: 15 } as const;

export interface SigningGuardState {
  failures: number;
  lockedUntil: Date | null;
}

/** Seconds until the official may sign again; 0 when not locked. */
export function signingLockedFor(guard: SigningGuardState | null, now: Date): number {
  if (!guard?.lockedUntil || guard.lockedUntil <= now) return 0;
  return Math.ceil((guard.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** The guard after one more wrong passphrase, whether this one set the lock, and the attempts left before it. */
export function afterWrongPassphrase(guard: SigningGuardState | null, now: Date): SigningGuardState & { lockedNow: boolean; attemptsLeft: number } {
  // A lock that has ended starts the count again.
  const failures = (guard && (!guard.lockedUntil || guard.lockedUntil > now) ? guard.failures : 0) + 1;
  if (failures >= SIGNING_LOCKOUT.attempts) {
    return { failures: 0, lockedUntil: new Date(now.getTime() + SIGNING_LOCKOUT.minutes * 60_000), lockedNow: true, attemptsLeft: 0 };
  }
  return { failures, lockedUntil: null, lockedNow: false, attemptsLeft: SIGNING_LOCKOUT.attempts - failures };
}

/** Days a certificate has left at `now` (negative once expired), and whether to warn (at most 30 days). */
export const CERTIFICATE_WARNING_DAYS = 30;

export function certificateExpiry(notAfter: Date | null, now: Date): { daysLeft: number | null; expiresSoon: boolean; expired: boolean } {
  if (!notAfter) return { daysLeft: null, expiresSoon: false, expired: false };
  const daysLeft = Math.floor((notAfter.getTime() - now.getTime()) / 86_400_000);
  const expired = notAfter <= now;
  return { daysLeft, expiresSoon: !expired && daysLeft < CERTIFICATE_WARNING_DAYS, expired };
}
