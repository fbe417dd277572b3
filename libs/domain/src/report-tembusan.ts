import { MIN_NOTE_LENGTH } from './chain';
import { DomainError } from './errors';

/** The kind of naskah dinas by which an official reports up the line to a superior. */
export const REPORT_KIND_CODE = 'LAPORAN';

export interface ReportDraft {
  kindCode: string;
  tembusanCount: number;
  /** The drafter's statement of why no other unit is to be copied. */
  tembusanWaiverReason?: string | null;
}

/**
 * A report to a superior copies the other units that work with it functionally (Cilegon Pasal 28
 * ayat (9): "tembusan laporan wajib disampaikan"). A Laporan therefore carries at least one tembusan,
 * unless the drafter states why none applies. `rulePasal` is the office's own citation of the rule,
 * null where its regulation has none (Batam 14/2023 has no such article): then nothing is required.
 */
export function checkReportTembusan(rulePasal: string | null, draft: ReportDraft): void {
  if (!rulePasal || draft.kindCode !== REPORT_KIND_CODE || draft.tembusanCount > 0) return;
  if ((draft.tembusanWaiverReason ?? '').trim().length >= MIN_NOTE_LENGTH) return;
  throw new DomainError(
    'RULE_VIOLATION',
    'Laporan kepada atasan wajib ditembuskan kepada unit organisasi lain yang secara fungsional mempunyai hubungan kerja: ' +
      'tambahkan tembusan, atau tuliskan alasan mengapa tidak ada unit yang perlu ditembusi',
    { pasal: rulePasal, field: 'tembusan' },
  );
}

/** The waiver answers the rule above: it belongs to a Laporan without tembusan, and to nothing else. */
export function checkTembusanWaiver(draft: ReportDraft): void {
  if (!draft.tembusanWaiverReason) return;
  if (draft.kindCode !== REPORT_KIND_CODE) {
    throw new DomainError('INVALID_INPUT', 'Alasan tanpa tembusan hanya diisi untuk Laporan', { field: 'tembusanWaiverReason' });
  }
  if (draft.tembusanCount > 0) {
    throw new DomainError('INVALID_INPUT', 'Alasan tanpa tembusan hanya diisi bila Laporan tidak memiliki tembusan', {
      field: 'tembusanWaiverReason',
    });
  }
}
