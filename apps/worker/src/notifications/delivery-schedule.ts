/** Asia/Jakarta (WIB) has no daylight saving: always UTC+7. */
const WIB_OFFSET_MS = 7 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The wait before the next try after `attempts` failed tries: base * 2^(attempts-1), capped. */
export function retryDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const exponent = Math.max(0, Math.min(attempts - 1, 30));
  return Math.min(maxMs, baseMs * 2 ** exponent);
}

/** The latest digest time (`hour`:00 WIB) at or before `now`: notices created before it go into that day's digest. */
export function lastDigestCutoff(now: Date, hour: number): Date {
  const local = now.getTime() + WIB_OFFSET_MS;
  let cutoff = Math.floor(local / DAY_MS) * DAY_MS + hour * 3600_000;
  if (cutoff > local) cutoff -= DAY_MS;
  return new Date(cutoff - WIB_OFFSET_MS);
}
