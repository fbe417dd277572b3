import { afterWrongPassphrase, certificateExpiry, SIGNING_LOCKOUT, signingLockedFor } from './signing-lock';

const t0 = new Date('2026-11-24T03:00:00Z');
const later = (minutes: number) => new Date(t0.getTime() + minutes * 60_000);

describe('signing lock after wrong passphrases (five in a row lock signing for fifteen minutes)', () => {
  it('counts down the attempts left, then locks at the fifth', () => {
    let guard = null as ReturnType<typeof afterWrongPassphrase> | null;
    const left: number[] = [];
    for (let i = 0; i < SIGNING_LOCKOUT.attempts; i++) {
      guard = afterWrongPassphrase(guard, t0);
      left.push(guard.attemptsLeft);
    }
    expect(left).toEqual([4, 3, 2, 1, 0]);
    expect(guard!.lockedNow).toBe(true);
    expect(guard!.lockedUntil).toEqual(later(15));
    expect(signingLockedFor(guard, t0)).toBe(15 * 60);
    expect(signingLockedFor(guard, later(14))).toBe(60);
    expect(signingLockedFor(guard, later(15))).toBe(0);
  });

  it('a wrong passphrase after the lock ended starts a new count', () => {
    const locked = { failures: 0, lockedUntil: later(15) };
    const next = afterWrongPassphrase(locked, later(16));
    expect(next).toMatchObject({ failures: 1, lockedUntil: null, lockedNow: false, attemptsLeft: 4 });
  });

  it('four failures then a pause do not forget the count (only a signature resets it)', () => {
    const guard = { failures: 4, lockedUntil: null };
    expect(afterWrongPassphrase(guard, later(600)).lockedNow).toBe(true);
  });

  it('no guard row means not locked', () => {
    expect(signingLockedFor(null, t0)).toBe(0);
  });
});

describe('certificate expiry warning (thirty days ahead)', () => {
  it.each([
    [null, { daysLeft: null, expiresSoon: false, expired: false }],
    [later(60 * 24 * 31), { daysLeft: 31, expiresSoon: false, expired: false }],
    [later(60 * 24 * 29), { daysLeft: 29, expiresSoon: true, expired: false }],
    [later(-1), { daysLeft: -1, expiresSoon: false, expired: true }],
  ])('not after %s', (notAfter, expected) => {
    expect(certificateExpiry(notAfter, t0)).toEqual(expected);
  });
});
