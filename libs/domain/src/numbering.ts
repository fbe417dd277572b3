/**
 * Letter numbers (DESIGN §6): from the organisation's template, by default
 * `{kode}/{nomor}/{unit}/{tahun}` (e.g. 000.8.3.3/0042/DKUM/2026); a kind may bring its own
 * pattern (decrees: `NOMOR {nomor} TAHUN {tahun}`). The running number restarts each year per
 * organisation and series.
 */
export interface NumberParts {
  kode: string;
  nomor: number;
  unit: string;
  tahun: number;
}

export function formatLetterNumber(template: string, p: NumberParts): string {
  return template
    .replace('{kode}', p.kode)
    .replace('{nomor}', template.includes('/') ? String(p.nomor).padStart(4, '0') : String(p.nomor))
    .replace('{unit}', p.unit)
    .replace('{tahun}', String(p.tahun));
}

/**
 * Kinds with their own pattern keep their own series; the rest share the organisation's. An edit
 * never moves an existing kind from one to the other (assertTemplateKeepsSeries, assertPatternKeepsSeries).
 */
export function numberSeries(kindCode: string, kindPattern: string, orgTemplate: string): { series: string; template: string } {
  return kindPattern === orgTemplate || kindPattern.includes('{kode}')
    ? { series: 'umum', template: orgTemplate }
    : { series: kindCode, template: kindPattern };
}
