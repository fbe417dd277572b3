/** A deadline: working days in production, seconds in tests (DESIGN §4 reminders; STYLE §8). */
export type Deadline = { unit: 'working-days'; amount: number } | { unit: 'seconds'; amount: number };

const DAY = 86_400_000;
/** Offices work Monday to Friday in Western Indonesia Time (UTC+7). */
const WIB_OFFSET = 7 * 3_600_000;

/** Adds working days (Monday to Friday, WIB) to an instant; weekends do not count. */
export function addWorkingDays(fromMs: number, days: number): number {
  let t = fromMs;
  let left = days;
  while (left > 0) {
    t += DAY;
    const weekday = new Date(t + WIB_OFFSET).getUTCDay();
    if (weekday !== 0 && weekday !== 6) left--;
  }
  return t;
}

export function deadlineAfter(fromMs: number, d: Deadline): number {
  return d.unit === 'seconds' ? fromMs + d.amount * 1000 : addWorkingDays(fromMs, d.amount);
}
