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

export const TTE_STATE_LABELS: Record<string, string> = {
  active: 'Aktif',
  not_enrolled: 'Belum diaktifkan',
  expired: 'Kedaluwarsa',
  revoked: 'Dicabut',
  suspended: 'Dibekukan',
};
export const SIGNATURE_PROVIDER_LABELS: Record<string, string> = {
  'local-ca': 'CA lokal (pengembangan, bukan BSrE)',
  bsre: 'BSrE (Balai Besar Sertifikasi Elektronik)',
  'organization-seal': 'Segel elektronik instansi',
};
/** Why a signature attempt failed, as the document's history records it. */
export const SIGNATURE_FAILURE_LABELS: Record<string, string> = {
  wrong_passphrase: 'passphrase salah',
  unavailable: 'layanan TTE tidak dapat dihubungi',
  not_enrolled: 'sertifikat elektronik belum diaktifkan',
  certificate_inactive: 'sertifikat elektronik tidak aktif',
  rejected: 'ditolak penyelenggara TTE',
  locked: 'penandatanganan sedang dikunci',
};
/** The attributes of an X.509 name ("CN=…" per line as the API gives it, or "CN=…, O=…"), escapes undone. */
export function nameAttributes(dn: string): Record<string, string> {
  const parts = dn.includes('\n') ? dn.split('\n') : dn.split(/(?<!\\),\s*(?=[A-Za-z][\w.-]*=)/);
  const out: Record<string, string> = {};
  for (const part of parts) {
    const i = part.indexOf('=');
    if (i > 0)
      out[part.slice(0, i).trim()] ??= part
        .slice(i + 1)
        .trim()
        .replace(/\\(.)/g, '$1');
  }
  return out;
}

/** A certificate's subject or issuer as people read it: the name and the organisation; the raw name when it has neither. */
export function certificateName(dn: string): string {
  const { CN, O } = nameAttributes(dn);
  return [CN, O && O !== CN ? O : null].filter(Boolean).join(' · ') || dn;
}

/** A certificate this close to its end is flagged (the API's expiresSoon uses the same 30 days). */
export const CERTIFICATE_WARNING_DAYS = 30;

export const HISTORY_LABELS: Record<string, string> = {
  created: 'Konsep dibuat',
  version_saved: 'Versi baru disimpan',
  submitted: 'Diajukan',
  paraf: 'Diparaf',
  returned: 'Dikembalikan',
  corrected: 'Dikoreksi (versi baru)',
  resubmitted: 'Diajukan kembali',
  signed: 'Ditandatangani',
  signature_made: 'Tanda tangan elektronik dibubuhkan',
  signature_failed: 'Tanda tangan elektronik gagal',
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

// Administration (issue 15)
export const ROLE_LABELS: Record<string, string> = { admin: 'Administrator organisasi', 'city-admin': 'Administrator kota' };
export const ASSIGNMENT_KIND_LABELS: Record<string, string> = { definitif: 'Definitif', plt: 'Plt.', plh: 'Plh.' };
export const ASSIGNMENT_KIND_HINTS: Record<string, string> = {
  definitif: 'Definitif (pemangku jabatan)',
  plt: 'Plt. (pelaksana tugas: jabatan lowong)',
  plh: 'Plh. (pelaksana harian: pemangku berhalangan sementara)',
};
export const UNIT_KIND_LABELS: Record<string, string> = {
  dinas: 'Dinas',
  sekretariat: 'Sekretariat',
  subbagian: 'Sub Bagian',
  bidang: 'Bidang',
  uptd: 'UPTD',
  'kelompok-fungsional': 'Kelompok Jabatan Fungsional',
};
export const LEVEL_LABELS: Record<number, string> = { 1: 'JPT Pratama', 2: 'Administrator', 3: 'Pengawas', 4: 'Fungsional/Pelaksana' };
export const AUTHORITY_LABELS = { check: 'Memeriksa', return: 'Mengembalikan/mengoreksi', paraf: 'Memaraf', sign: 'Menandatangani' } as const;
export const TND_LABELS: Record<string, string> = {
  'paraf-hierarki': 'Paraf hierarki (Tata Naskah Dinas)',
  'paraf-koordinasi': 'Paraf koordinasi (Tata Naskah Dinas)',
  'kewenangan-penandatanganan': 'Kewenangan penandatanganan (Tata Naskah Dinas)',
};
export const CATEGORY_LABELS: Record<string, string> = { arahan: 'Arahan', korespondensi: 'Korespondensi', khusus: 'Khusus' };
export const LAYOUT_LABELS: Record<string, string> = {
  surat: 'Surat',
  'surat-edaran': 'Surat Edaran',
  'nota-dinas': 'Nota Dinas',
  keputusan: 'Keputusan',
  'surat-tugas': 'Surat Tugas',
  laporan: 'Laporan',
  'telaahan-staf': 'Telaahan Staf',
};
export const ORG_AUDIT_LABELS: Record<string, string> = {
  holiday_set: 'Hari libur ditetapkan',
  holiday_removed: 'Hari libur dihapus',
  organization_created: 'Organisasi dibuat',
  organization_updated: 'Pengaturan organisasi diubah',
  organization_imported: 'Berkas organisasi diimpor',
  unit_created: 'Unit dibuat',
  unit_updated: 'Unit diubah',
  unit_removed: 'Unit dihapus',
  position_created: 'Jabatan dibuat',
  position_updated: 'Jabatan diubah',
  position_removed: 'Jabatan dihapus',
  official_created: 'Pegawai ditambahkan',
  official_updated: 'Data pegawai diubah',
  official_deactivated: 'Pegawai dinonaktifkan',
  official_activated: 'Pegawai diaktifkan',
  official_password_reset: 'Kata sandi diatur ulang',
  officials_imported: 'Pegawai diimpor dari CSV',
  assignment_created: 'Penugasan dibuat',
  assignment_updated: 'Penugasan diubah',
  assignment_ended: 'Penugasan diakhiri',
  signing_authority_set: 'Kewenangan tanda tangan diubah',
  document_kind_set: 'Jenis naskah diubah',
};

/** A calendar day (`YYYY-MM-DD`, as the API keeps periods) in words: "1 Desember 2026". */
export const formatDay = (day: string) => dateOnly.format(new Date(`${day.slice(0, 10)}T12:00:00+07:00`));
/** Today in Jakarta as `YYYY-MM-DD`, the value a date input holds. */
export const todayJakarta = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
