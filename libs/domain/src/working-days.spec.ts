import { addWorkingDays, deadlineAfter } from './working-days';

describe('deadlines in working days (Monday to Friday, WIB)', () => {
  const at = (iso: string) => Date.parse(iso);
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
