import { DomainError } from './errors';
import { addWorkingDays, deadlineAfter, isIsoDay, isWorkingDay, replaceFutureHolidays, validateHolidayList, wibDay } from './working-days';

const at = (iso: string) => Date.parse(iso);

describe('deadlines in working days (Monday to Friday, WIB)', () => {
  it.each([
    ['Monday + 1 = Tuesday', '2026-11-23T02:00:00Z', 1, '2026-11-24T02:00:00Z'],
    ['Friday + 1 = Monday', '2026-11-27T02:00:00Z', 1, '2026-11-30T02:00:00Z'],
    ['Thursday + 3 = Tuesday', '2026-11-26T02:00:00Z', 3, '2026-12-01T02:00:00Z'],
    ['Saturday + 1 = Monday', '2026-11-28T02:00:00Z', 1, '2026-11-30T02:00:00Z'],
  ])('%s', (_n, from, days, to) => {
    expect(addWorkingDays(at(from), days)).toBe(at(to));
  });

  it('counts seconds when the deadline is in seconds (tests)', () => {
    expect(deadlineAfter(1000, { unit: 'seconds', amount: 2 })).toBe(3000);
  });
});

describe('deadlines skip the office’s holidays (libur nasional, cuti bersama)', () => {
  it.each([
    ['a deadline on a holiday moves to the next working day', '2026-11-23T02:00:00Z', 1, ['2026-11-24'], '2026-11-25T02:00:00Z'],
    ['Friday + 1 over a Monday holiday = Tuesday', '2026-11-27T02:00:00Z', 1, ['2026-11-30'], '2026-12-01T02:00:00Z'],
    ['a holiday on a Saturday changes nothing', '2026-11-27T02:00:00Z', 1, ['2026-11-28'], '2026-11-30T02:00:00Z'],
    ['a holiday on a Sunday changes nothing', '2026-11-26T02:00:00Z', 2, ['2026-11-29'], '2026-11-30T02:00:00Z'],
    [
      'cuti bersama Friday, libur Monday, cuti bersama Tuesday around a weekend: Thursday + 1 = Wednesday',
      '2026-11-26T02:00:00Z',
      1,
      ['2026-11-27', '2026-11-30', '2026-12-01'],
      '2026-12-02T02:00:00Z',
    ],
    ['Thursday + 3 with a Monday holiday = Wednesday', '2026-11-26T02:00:00Z', 3, ['2026-11-30'], '2026-12-02T02:00:00Z'],
    ['started on a holiday: the next working day counts as the first', '2026-11-24T02:00:00Z', 1, ['2026-11-24'], '2026-11-25T02:00:00Z'],
    ['a holiday before the start changes nothing', '2026-11-25T02:00:00Z', 1, ['2026-11-24'], '2026-11-26T02:00:00Z'],
    ['a holiday after the deadline changes nothing', '2026-11-23T02:00:00Z', 1, ['2026-11-25'], '2026-11-24T02:00:00Z'],
    // 18:00 UTC is 01:00 WIB the next day: the holiday is the WIB day, not the UTC one.
    ['the day is the WIB day (a WIB holiday)', '2026-11-23T18:00:00Z', 1, ['2026-11-25'], '2026-11-25T18:00:00Z'],
    ['the day is the WIB day (the UTC date is no holiday)', '2026-11-23T18:00:00Z', 1, ['2026-11-24'], '2026-11-24T18:00:00Z'],
    ['an empty list is weekends only', '2026-11-27T02:00:00Z', 1, [], '2026-11-30T02:00:00Z'],
  ])('%s', (_n, from, days, holidays, to) => {
    expect(addWorkingDays(at(from), days, new Set(holidays))).toBe(at(to));
    expect(deadlineAfter(at(from), { unit: 'working-days', amount: days }, new Set(holidays))).toBe(at(to));
  });

  it('without a list: weekends only, as before', () => {
    expect(addWorkingDays(at('2026-11-23T02:00:00Z'), 1, undefined)).toBe(at('2026-11-24T02:00:00Z'));
    expect(deadlineAfter(at('2026-11-27T02:00:00Z'), { unit: 'working-days', amount: 1 })).toBe(at('2026-11-30T02:00:00Z'));
  });

  it('a deadline in seconds ignores holidays', () => {
    const from = at('2026-11-23T16:59:59Z'); // Monday 23:59:59 WIB, Tuesday a holiday
    expect(deadlineAfter(from, { unit: 'seconds', amount: 2 }, new Set(['2026-11-24']))).toBe(from + 2000);
  });

  it.each([
    ['2026-11-23T02:00:00Z', undefined, true],
    ['2026-11-28T02:00:00Z', undefined, false],
    ['2026-11-24T02:00:00Z', ['2026-11-24'], false],
    ['2026-11-23T17:00:00Z', ['2026-11-24'], false], // Tuesday 00:00 WIB
    ['2026-11-23T16:59:59Z', ['2026-11-24'], true], // Monday 23:59:59 WIB
  ])('isWorkingDay(%s, %j) = %s', (instant, holidays, expected) => {
    expect(isWorkingDay(at(instant), holidays && new Set(holidays))).toBe(expected);
  });

  it('names the WIB day of an instant', () => {
    expect(wibDay(at('2026-11-23T16:59:59Z'))).toBe('2026-11-23');
    expect(wibDay(at('2026-11-23T17:00:00Z'))).toBe('2026-11-24');
  });
});

describe('holiday lists', () => {
  it.each([
    ['2026-12-25', true],
    ['2028-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['2026-1-01', false],
    ['2026-12-25T00:00:00Z', false],
    [20261225, false],
    [null, false],
  ])('isIsoDay(%j) = %s', (value, expected) => {
    expect(isIsoDay(value)).toBe(expected);
  });

  it('refuses a list that is not calendar days, or too long', () => {
    expect(() => validateHolidayList(['2026-12-25', '2026-12-26'])).not.toThrow();
    expect(() => validateHolidayList([])).not.toThrow();
    for (const bad of [undefined, '2026-12-25', ['2026-12-25', '25-12-2026'], Array.from({ length: 1001 }, () => '2026-12-25')]) {
      expect(() => validateHolidayList(bad)).toThrow(DomainError);
    }
  });

  it('an edit replaces the holidays from today on; the days before stay as they were', () => {
    const current = ['2026-11-02', '2026-11-24', '2026-12-25'];
    expect(replaceFutureHolidays(current, ['2026-11-01', '2026-11-24', '2026-12-24', '2026-12-24'], '2026-11-24')).toEqual([
      '2026-11-02',
      '2026-11-24',
      '2026-12-24',
    ]);
    expect(replaceFutureHolidays(undefined, ['2026-12-25', '2026-12-24'], '2026-11-24')).toEqual(['2026-12-24', '2026-12-25']);
    expect(replaceFutureHolidays(current, [], '2026-11-25')).toEqual(['2026-11-02', '2026-11-24']);
  });
});
