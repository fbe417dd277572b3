import { DomainError } from './errors';

/** A deadline: working days in production, seconds in tests (DESIGN §4 reminders; STYLE §8). */
export type Deadline = { unit: 'working-days'; amount: number } | { unit: 'seconds'; amount: number };

const DAY = 86_400_000;
/** Offices work Monday to Friday in Western Indonesia Time (UTC+7). */
const WIB_OFFSET = 7 * 3_600_000;

/** The calendar day (WIB) of an instant, as 'YYYY-MM-DD': how holidays are listed. */
export function wibDay(ms: number): string {
  return new Date(ms + WIB_OFFSET).toISOString().slice(0, 10);
}

/** Monday to Friday (WIB) and not one of the office's holidays (libur nasional, cuti bersama, libur daerah). */
export function isWorkingDay(ms: number, holidays?: ReadonlySet<string>): boolean {
  const weekday = new Date(ms + WIB_OFFSET).getUTCDay();
  return weekday !== 0 && weekday !== 6 && !holidays?.has(wibDay(ms));
}

/**
 * Adds working days to an instant: weekends and the office's holidays ('YYYY-MM-DD', WIB) do not
 * count, so a deadline that would fall on a holiday falls on the next working day.
 */
export function addWorkingDays(fromMs: number, days: number, holidays?: ReadonlySet<string>): number {
  let t = fromMs;
  let left = days;
  while (left > 0) {
    t += DAY;
    if (isWorkingDay(t, holidays)) left--;
  }
  return t;
}

/** Holidays count only for working days; a deadline in seconds (tests) ignores them. */
export function deadlineAfter(fromMs: number, d: Deadline, holidays?: ReadonlySet<string>): number {
  return d.unit === 'seconds' ? fromMs + d.amount * 1000 : addWorkingDays(fromMs, d.amount, holidays);
}

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A real calendar day written 'YYYY-MM-DD' (no 2026-02-30). */
export function isIsoDay(value: unknown): value is string {
  return typeof value === 'string' && ISO_DAY.test(value) && !Number.isNaN(Date.parse(value)) && new Date(value).toISOString().slice(0, 10) === value;
}

/** More than two years of holidays: the API sends about 400 days. */
export const MAX_HOLIDAYS = 1000;

/** Throws the DomainError that refuses a holiday list, or returns when every entry is a calendar day. */
export function validateHolidayList(days: unknown): asserts days is string[] {
  if (!Array.isArray(days) || days.length > MAX_HOLIDAYS || !days.every(isIsoDay)) {
    throw new DomainError('INVALID_INPUT', `Daftar hari libur harus berisi paling banyak ${MAX_HOLIDAYS} tanggal YYYY-MM-DD`, { field: 'holidays' });
  }
}

/**
 * A running chain learns of holidays edited later: from `today` on, the new list replaces the old;
 * the days before stay as the chain had them (deadlines already passed are not rewritten).
 * Sorted, each day once.
 */
export function replaceFutureHolidays(current: readonly string[] | undefined, next: readonly string[], today: string): string[] {
  const kept = (current ?? []).filter((d) => d < today);
  const added = next.filter((d) => d >= today);
  return [...new Set([...kept, ...added])].sort();
}

/** Libur nasional and cuti bersama (the yearly SKB of three ministers), and the region's own days off. */
export const HOLIDAY_KINDS = ['libur_nasional', 'cuti_bersama', 'libur_daerah'] as const;
export type HolidayKind = (typeof HOLIDAY_KINDS)[number];
