import { formatNip, isValidNip, parseNip } from './nip';

describe('NIP format (18 digits: birth date, appointment, sex, sequence)', () => {
  it('parses a valid NIP', () => {
    expect(parseNip('197805122005011003')).toEqual({
      birthDate: '1978-05-12',
      appointed: '2005-01',
      sex: 'L',
      sequence: '003',
    });
  });

  it.each([
    ['too short', '19780512200501100'],
    ['letters', '19780512200501100A'],
    ['impossible birth date', '197802302005011003'],
    ['appointment month 13', '197805122005131003'],
    ['sex digit 3', '197805122005013003'],
    ['appointed before 18', '197805121990011003'],
    ['sequence 000', '197805122005011000'],
  ])('rejects %s', (_why, nip) => {
    expect(isValidNip(nip)).toBe(false);
  });

  it('formats with the customary spaces', () => {
    expect(formatNip('197805122005011003')).toBe('19780512 200501 1 003');
  });
});
