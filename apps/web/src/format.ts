// Words the user reads for the API's codes, and dates as an Indonesian office writes them.

export const BOX_LABELS = {
  action: 'Perlu tindakan',
  returned: 'Dikembalikan',
  in_progress: 'Dalam proses',
  incoming: 'Surat masuk',
  finished: 'Selesai',
  overdue: 'Terlambat (bawahan)',
} as const;

export const STATUS_LABELS: Record<string, string> = {
  draft: 'Konsep',
  submitting: 'Sedang diajukan',
  in_review: 'Dalam pemeriksaan',
  returned: 'Dikembalikan untuk perbaikan',
  signed: 'Ditandatangani',
  withdrawn: 'Ditarik',
};

export const URGENCY_LABELS: Record<string, string> = { biasa: 'Biasa', segera: 'Segera', sangat_segera: 'Sangat Segera' };
export const CLASSIFICATION_LABELS: Record<string, string> = {
  biasa: 'Biasa',
  terbatas: 'Terbatas',
  rahasia: 'Rahasia',
  sangat_rahasia: 'Sangat Rahasia',
};
export const STEP_STATE_LABELS: Record<string, string> = {
  waiting: 'Menunggu',
  pending: 'Sedang di sini',
  done: 'Selesai',
  returned: 'Dikembalikan',
  cancelled: 'Dibatalkan',
  superseded: 'Paraf atas versi sebelumnya, tidak berlaku lagi',
};
export const ACTION_LABELS: Record<string, string> = { paraf: 'Paraf', sign: 'Tanda tangan' };
export const CAPACITY_LABELS: Record<string, string> = { own: '', an: 'a.n.', ub: 'u.b.', plt: 'Plt.', plh: 'Plh.' };
export const REASON_LABELS: Record<string, string> = { cuti: 'Cuti', dinas_luar: 'Perjalanan dinas', sakit: 'Sakit', lainnya: 'Lainnya' };
export const DELEGATION_STATE_LABELS: Record<string, string> = { active: 'Berlaku', upcoming: 'Akan berlaku', ended: 'Berakhir', revoked: 'Dicabut' };

export const HISTORY_LABELS: Record<string, string> = {
  created: 'Konsep dibuat',
  version_saved: 'Versi baru disimpan',
  submitted: 'Diajukan',
  paraf: 'Diparaf',
  returned: 'Dikembalikan',
  corrected: 'Dikoreksi (versi baru)',
  resubmitted: 'Diajukan kembali',
  signed: 'Ditandatangani',
  withdrawn: 'Ditarik',
  numbered: 'Diberi nomor',
  archived: 'Diarsipkan',
  delivered: 'Dikirim ke penerima',
  reminder: 'Pengingat',
  escalation: 'Eskalasi ke atasan',
};

const dateTime = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Asia/Jakarta' });
const dateOnly = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

export const formatDateTime = (iso: string) => `${dateTime.format(new Date(iso))} WIB`;
export const formatDate = (iso: string) => dateOnly.format(new Date(iso));

/** A capacity marker before a title: "a.n. Kepala Dinas". */
export function capacityText(capacity: string | null | undefined, principalTitle?: string): string {
  if (!capacity || capacity === 'own') return '';
  return `${CAPACITY_LABELS[capacity] ?? capacity}${principalTitle ? ` ${principalTitle}` : ''}`;
}
