import { DomainError } from './errors';
import { checkReportTembusan, checkTembusanWaiver, ReportDraft } from './report-tembusan';

const CILEGON = 'Perwako Cilegon 18/2022 Pasal 28 ayat (9)';

function refusal(f: () => void): DomainError | null {
  try {
    f();
    return null;
  } catch (e) {
    return e as DomainError;
  }
}

describe('Cilegon Pasal 28 ayat (9): a report to a superior copies the units that work with it', () => {
  it.each<[string, string | null, ReportDraft]>([
    ['a Laporan with a tembusan', CILEGON, { kindCode: 'LAPORAN', tembusanCount: 1 }],
    [
      'a Laporan whose drafter states why none applies',
      CILEGON,
      { kindCode: 'LAPORAN', tembusanCount: 0, tembusanWaiverReason: 'Hanya menyangkut Sub Bagian sendiri' },
    ],
    ['another kind without tembusan', CILEGON, { kindCode: 'NOTA_DINAS', tembusanCount: 0 }],
    ['a Laporan where the office has no such rule (Batam 14/2023)', null, { kindCode: 'LAPORAN', tembusanCount: 0 }],
  ])('accepts %s', (_why, rule, draft) => {
    expect(refusal(() => checkReportTembusan(rule, draft))).toBeNull();
  });

  it.each<[string, ReportDraft]>([
    ['without tembusan or reason', { kindCode: 'LAPORAN', tembusanCount: 0 }],
    ['with a blank reason', { kindCode: 'LAPORAN', tembusanCount: 0, tembusanWaiverReason: '    ' }],
    ['with a reason shorter than a note', { kindCode: 'LAPORAN', tembusanCount: 0, tembusanWaiverReason: 'tdk' }],
  ])('refuses a Laporan %s with 422 citing the office Pasal, field tembusan, in Bahasa Indonesia', (_why, draft) => {
    expect(refusal(() => checkReportTembusan(CILEGON, draft))).toMatchObject({
      code: 'RULE_VIOLATION',
      pasal: CILEGON,
      field: 'tembusan',
      message: expect.stringContaining('wajib ditembuskan'),
    });
  });
});

describe('the waiver of Cilegon Pasal 28 ayat (9) belongs to a Laporan without tembusan', () => {
  it('is accepted on a Laporan without tembusan, and absent anywhere', () => {
    expect(refusal(() => checkTembusanWaiver({ kindCode: 'LAPORAN', tembusanCount: 0, tembusanWaiverReason: 'Tidak ada unit terkait' }))).toBeNull();
    expect(refusal(() => checkTembusanWaiver({ kindCode: 'SURAT_DINAS', tembusanCount: 2 }))).toBeNull();
  });

  it.each<[string, ReportDraft]>([
    ['on another kind', { kindCode: 'NOTA_DINAS', tembusanCount: 0, tembusanWaiverReason: 'Tidak ada unit terkait' }],
    ['beside a tembusan', { kindCode: 'LAPORAN', tembusanCount: 1, tembusanWaiverReason: 'Tidak ada unit terkait' }],
  ])('is refused %s as invalid input naming the field', (_why, draft) => {
    expect(refusal(() => checkTembusanWaiver(draft))).toMatchObject({ code: 'INVALID_INPUT', field: 'tembusanWaiverReason' });
  });
});
