import { ApiError } from '../api';

const FIELD_LABELS: Record<string, string> = {
  subject: 'Hal',
  body: 'Isi naskah',
  classification: 'Klasifikasi',
  urgency: 'Sifat',
  archiveCode: 'Kode klasifikasi arsip',
  recipients: 'Penerima',
  tembusan: 'Tembusan',
  tembusanWaiverReason: 'Alasan tanpa tembusan',
  kindCode: 'Jenis naskah',
  note: 'Catatan',
  consideration: 'Pertimbangan',
  versionHash: 'Versi naskah',
  baseVersionHash: 'Versi naskah',
  coordinatorPositionIds: 'Paraf koordinasi',
  toStepOrder: 'Dikembalikan kepada',
  baseVersionNo: 'Versi naskah',
  principalPositionId: 'Jabatan yang diwakili',
  deputyPositionId: 'Wakil',
  validFrom: 'Mulai',
  validTo: 'Sampai',
  reason: 'Alasan',
  onBehalfReason: 'Alasan mencatat atas nama pejabat',
  nip: 'NIP',
  password: 'Kata sandi',
  currentPassword: 'Kata sandi saat ini',
  newPassword: 'Kata sandi baru',
  passphrase: 'Passphrase TTE',
  passphraseConfirmation: 'Ulangi passphrase',
  nik: 'NIK',
};

const label = (field: string) => FIELD_LABELS[field.split(/[.[]/)[0]] ?? field;

/** An API refusal in words: the message, the rule (Pasal) it cites, and each field's reasons. */
export function ErrorMessage({ error, id }: { error: unknown; id?: string }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error), 'ERROR');
  return (
    <div className="error" role="alert" id={id}>
      <p>
        <strong>{e.message}</strong>
        {e.pasal ? <span className="pasal"> ({e.pasal})</span> : null}
      </p>
      {e.errors.length ? (
        <ul>
          {e.errors.map((f) => (
            <li key={f.field}>
              {label(f.field)}: {f.reasons.join('; ')}
            </li>
          ))}
        </ul>
      ) : e.field && FIELD_LABELS[e.field.split(/[.[]/)[0]] ? (
        <p className="field">Isian: {label(e.field)}</p>
      ) : null}
    </div>
  );
}
