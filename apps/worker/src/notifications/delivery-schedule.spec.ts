import { lastDigestCutoff, retryDelayMs } from './delivery-schedule';

describe('retryDelayMs: exponential backoff with a cap', () => {
  it.each([
    [1, 5000],
    [2, 10_000],
    [3, 20_000],
    [7, 320_000],
    [8, 600_000],
    [60, 600_000],
  ])('after %i failed tries waits %i ms', (attempts, expected) => {
    expect(retryDelayMs(attempts, 5000, 600_000)).toBe(expected);
  });
});

describe('lastDigestCutoff: 07:00 WIB (UTC+7)', () => {
  it.each([
    ['2025-03-10T00:00:00Z', '2025-03-10T00:00:00Z'], // 07:00 WIB exactly
    ['2025-03-10T05:30:00Z', '2025-03-10T00:00:00Z'], // 12:30 WIB: today's 07:00
    ['2025-03-09T23:59:00Z', '2025-03-09T00:00:00Z'], // 06:59 WIB on the 10th: yesterday's 07:00
    ['2025-03-09T18:00:00Z', '2025-03-09T00:00:00Z'], // 01:00 WIB on the 10th
  ])('at %s the cutoff is %s', (now, expected) => {
    expect(lastDigestCutoff(new Date(now), 7).toISOString()).toBe(new Date(expected).toISOString());
  });
});
