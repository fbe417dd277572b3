import { TEST_TTE_PASSPHRASE } from '../support/api';

/** The benchmarks' draft: a Surat Dinas to an outside addressee, signed by the Kepala Dinas. */
export function benchDraft(subject = 'Undangan rapat') {
  return { kindCode: 'SURAT_DINAS', subject, body: '<p>Isi</p>', classification: 'biasa', urgency: 'biasa', recipients: [{ name: 'Penerima' }] };
}

/** The four requests of a draft's chain (submit, paraf, paraf, sign): who sends which, with what body. */
export function chainSteps<T>(
  who: { clerk: T; kasubbag: T; sekretaris: T; kadis: T },
  id: string,
  versionHash: string,
): Array<{ token: T; path: string; body: Record<string, string> }> {
  return [
    { token: who.clerk, path: `/api/v1/documents/${id}/submit`, body: {} },
    { token: who.kasubbag, path: `/api/v1/documents/${id}/actions/paraf`, body: { versionHash } },
    { token: who.sekretaris, path: `/api/v1/documents/${id}/actions/paraf`, body: { versionHash } },
    { token: who.kadis, path: `/api/v1/documents/${id}/actions/sign`, body: { versionHash, passphrase: TEST_TTE_PASSPHRASE } },
  ];
}

/** The step's name as the benchmarks print it: submit, paraf, sign. */
export const stepName = (path: string) => path.split('/').pop()!;
