/**
 * NIP (Nomor Induk Pegawai) of a civil servant: 18 digits,
 * YYYYMMDD birth date, YYYYMM appointment (TMT CPNS), 1 digit sex (1 male, 2 female),
 * 3 digit sequence (PP 11/2017 and BKN practice).
 */
export interface NipParts {
  birthDate: string;
  appointed: string;
  sex: 'L' | 'P';
  sequence: string;
}

const NIP_RE = /^(\d{4})(\d{2})(\d{2})(\d{4})(\d{2})([12])(\d{3})$/;

export function parseNip(nip: string): NipParts | null {
  const m = NIP_RE.exec(nip);
  if (!m) return null;
  const [, by, bm, bd, ay, am, sex, seq] = m;
  const birth = new Date(Date.UTC(+by, +bm - 1, +bd));
  if (birth.getUTCFullYear() !== +by || birth.getUTCMonth() !== +bm - 1 || birth.getUTCDate() !== +bd) return null;
  if (+by < 1940 || +am < 1 || +am > 12) return null;
  // Appointment comes at the earliest at 18 years of age.
  if (+ay < +by + 18) return null;
  if (seq === '000') return null;
  return { birthDate: `${by}-${bm}-${bd}`, appointed: `${ay}-${am}`, sex: sex === '1' ? 'L' : 'P', sequence: seq };
}

export function isValidNip(nip: string): boolean {
  return parseNip(nip) !== null;
}

/** "19xxxxxx xxxxxx x xxx" as printed under a signature. */
export function formatNip(nip: string): string {
  return `${nip.slice(0, 8)} ${nip.slice(8, 14)} ${nip.slice(14, 15)} ${nip.slice(15)}`;
}
