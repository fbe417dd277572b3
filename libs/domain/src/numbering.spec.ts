import { formatLetterNumber, numberSeries } from './numbering';

describe('letter numbers (DESIGN §6)', () => {
  it('formats the default template with a four-digit running number', () => {
    expect(formatLetterNumber('{kode}/{nomor}/{unit}/{tahun}', { kode: '000.8.3.3', nomor: 42, unit: 'DKUM', tahun: 2026 })).toBe(
      '000.8.3.3/0042/DKUM/2026',
    );
  });

  it('formats decrees as NOMOR n TAHUN yyyy', () => {
    expect(formatLetterNumber('NOMOR {nomor} TAHUN {tahun}', { kode: '', nomor: 7, unit: '', tahun: 2026 })).toBe('NOMOR 7 TAHUN 2026');
  });

  it('decrees keep their own series; other kinds share the organisation series', () => {
    const org = '{kode}/{nomor}/{unit}/{tahun}';
    expect(numberSeries('SURAT_KEPUTUSAN', 'NOMOR {nomor} TAHUN {tahun}', org)).toEqual({
      series: 'SURAT_KEPUTUSAN',
      template: 'NOMOR {nomor} TAHUN {tahun}',
    });
    expect(numberSeries('SURAT_DINAS', org, org)).toEqual({ series: 'umum', template: org });
  });
});
