import { ReactNode, Ref, useEffect, useState } from 'react';
import { useOutletContext } from 'react-router';
import { ApiError, FieldError } from '../../api';
import type { AdminOrganizationSummary } from '../../admin-api';

/** What every administration page knows: the organisation chosen, and what the administrator may do. */
export interface AdminContext {
  orgId: string;
  organization: AdminOrganizationSummary | undefined;
  organizations: AdminOrganizationSummary[];
  isCityAdmin: boolean;
  reloadOrganizations(): Promise<void>;
}

export const useAdmin = () => useOutletContext<AdminContext>();

export function useTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Administrasi · Naskah Dinas`;
  }, [title]);
}

const FIELD_LABELS: Record<string, string> = {
  code: 'Kode',
  name: 'Nama',
  title: 'Nama jabatan',
  level: 'Jenjang',
  kind: 'Jenis',
  pasal: 'Pasal',
  parentId: 'Unit induk',
  unitId: 'Unit',
  isHead: 'Pimpinan unit',
  reportsViaUnitId: 'Melapor melalui',
  reportsViaPasal: 'Pasal jalur pelaporan',
  authority: 'Kewenangan',
  authorityPasal: 'Pasal kewenangan',
  tataNaskahDinas: 'Sumber Tata Naskah Dinas',
  head: 'Pimpinan unit',
  unit: 'Unit puncak',
  regulation: 'Peraturan',
  regulationCitation: 'Kutipan peraturan',
  reportTembusanPasal: 'Pasal tembusan laporan',
  letterhead: 'Kop surat',
  numberTemplate: 'Templat nomor',
  nip: 'NIP',
  gelarDepan: 'Gelar depan',
  gelarBelakang: 'Gelar belakang',
  rank: 'Pangkat/golongan',
  email: 'Surel',
  roles: 'Peran',
  officialId: 'Pegawai',
  positionId: 'Jabatan',
  toPositionId: 'Jabatan baru',
  validFrom: 'Mulai',
  validTo: 'Sampai',
  effectiveFrom: 'Berlaku mulai',
  decreeRef: 'Nomor SK',
  positions: 'Penanda tangan',
  category: 'Kategori',
  layout: 'Tata letak',
  numberPattern: 'Pola nomor',
  strategic: 'Strategis',
  source: 'Sumber',
  coordinationRequiredPasal: 'Sumber paraf koordinasi',
  reason: 'Alasan',
  body: 'Berkas',
  q: 'Kata pencarian',
  gelar: 'Gelar',
  active: 'Aktif',
  mustChangePassword: 'Wajib ganti kata sandi',
  holders: 'Pemangku',
  subject: 'Hal',
  changes: 'Perubahan',
  file: 'Berkas',
  sha256: 'Sidik berkas (SHA-256)',
};

const LETTERHEAD_LABELS: Record<string, string> = {
  government: 'Pemerintah daerah',
  office: 'Perangkat daerah',
  address: 'Alamat',
  phone: 'Telepon',
  email: 'Surel',
  website: 'Laman',
};

/** A field's name as the form labels it: "letterhead.address" is "Kop surat, Alamat". */
export function fieldLabel(field: string): string {
  const [first, second] = field.split(/[.[\]]+/).filter(Boolean);
  const base = FIELD_LABELS[first] ?? first;
  if (first === 'letterhead' && second) return `${base}, ${LETTERHEAD_LABELS[second] ?? second}`;
  if (first === 'unit' && second === 'head') return `Pimpinan unit puncak, ${fieldLabel(field.split('.').slice(2).join('.'))}`;
  if ((first === 'head' || first === 'unit') && second) return `${base}, ${fieldLabel(field.slice(field.indexOf('.') + 1))}`;
  return base;
}

/** An API refusal on an administrator's form: the message, the Pasal it cites, each field's reasons. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  const e = error instanceof ApiError ? error : new ApiError(0, error instanceof Error ? error.message : String(error), 'ERROR');
  return (
    <div className="error" role="alert">
      <p>
        <strong>{e.message}</strong>
        {e.pasal ? <span className="pasal"> ({e.pasal})</span> : null}
      </p>
      {e.errors.length ? (
        <ul>
          {(e.errors as Array<FieldError & { message?: string }>).map((f, i) => (
            <li key={`${f.field}-${i}`}>
              {fieldLabel(f.field)}: {f.reasons?.join('; ') ?? f.message}
            </li>
          ))}
        </ul>
      ) : e.field ? (
        <p className="field">Isian: {fieldLabel(e.field)}</p>
      ) : null}
    </div>
  );
}

/** The reasons the API (or the form's own check) gives for one field. */
export const reasonsFor = (error: unknown, field: string) => (error instanceof ApiError ? error.reasonsFor(field) : []);

/** A labelled text input with its hint and its refusal under it, both referenced by the input. */
export function TextField(props: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  /** The API field whose refusals show under it. */
  field?: string;
  error?: unknown;
  hint?: ReactNode;
  type?: 'text' | 'email' | 'date' | 'search' | 'tel' | 'number';
  required?: boolean;
  maxLength?: number;
  placeholder?: string;
  inputMode?: 'numeric' | 'text' | 'email';
  autoComplete?: string;
  multiline?: boolean;
  inputRef?: Ref<HTMLInputElement>;
}) {
  const reasons = props.field ? reasonsFor(props.error, props.field) : [];
  const described = [props.hint ? `${props.id}-hint` : '', reasons.length ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = {
    id: props.id,
    value: props.value,
    required: props.required,
    maxLength: props.maxLength,
    placeholder: props.placeholder,
    'aria-invalid': reasons.length ? true : undefined,
    'aria-describedby': described,
  } as const;
  return (
    <div className="field">
      <label htmlFor={props.id}>
        {props.label}
        {props.required ? null : <span className="optional"> (opsional)</span>}
      </label>
      {props.multiline ? (
        <textarea {...common} rows={3} onChange={(e) => props.onChange(e.target.value)} />
      ) : (
        <input
          {...common}
          ref={props.inputRef}
          type={props.type ?? 'text'}
          inputMode={props.inputMode}
          autoComplete={props.autoComplete ?? 'off'}
          onChange={(e) => props.onChange(e.target.value)}
        />
      )}
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {reasons.length ? (
        <p className="field-error" id={`${props.id}-error`}>
          {reasons.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/** A labelled choice whose refusal shows under it. */
export function ChoiceField(props: {
  id: string;
  label: string;
  value: string;
  onChange(v: string): void;
  options: Array<[value: string, text: string]>;
  empty?: string;
  field?: string;
  error?: unknown;
  hint?: ReactNode;
  required?: boolean;
  disabled?: boolean;
}) {
  const reasons = props.field ? reasonsFor(props.error, props.field) : [];
  const described = [props.hint ? `${props.id}-hint` : '', reasons.length ? `${props.id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      <select
        id={props.id}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        aria-invalid={reasons.length ? true : undefined}
        aria-describedby={described}
        required={props.required}
        disabled={props.disabled}
      >
        {props.empty !== undefined ? <option value="">{props.empty}</option> : null}
        {props.options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
      {props.hint ? (
        <p className="hint" id={`${props.id}-hint`}>
          {props.hint}
        </p>
      ) : null}
      {reasons.length ? (
        <p className="field-error" id={`${props.id}-error`}>
          {reasons.join('; ')}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its label beside it, and a hint under the label (described by, not part of the name). */
export function Check({
  id,
  label,
  checked,
  onChange,
  hint,
}: {
  id: string;
  label: ReactNode;
  checked: boolean;
  onChange(v: boolean): void;
  hint?: string;
}) {
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint ? (
          <p className="hint" id={`${id}-hint`}>
            {hint}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Optional text: trimmed, and absent when empty (the API refuses a blank string). */
export const optional = (v: string) => (v.trim() ? v.trim() : undefined);

/** A secret shown once (a temporary password): selectable, with a copy button and what to do with it. */
export function OneTimeSecret({ title, who, secret, onDone }: { title: string; who: string; secret: string; onDone(): void }) {
  const [copied, setCopied] = useState<string | null>(null);
  const copy = () =>
    navigator.clipboard
      .writeText(secret)
      .then(() => setCopied('Disalin ke papan klip.'))
      .catch(() => setCopied('Tidak dapat menyalin otomatis: pilih kata sandi di atas lalu salin.'));
  return (
    <section className="card secret" aria-labelledby="secret-title" data-testid="temporary-password">
      <h2 id="secret-title">{title}</h2>
      <p>
        Kata sandi sementara untuk <strong>{who}</strong>:
      </p>
      <p>
        <code className="password">{secret}</code>
      </p>
      <p className="hint">
        Ditampilkan <strong>sekali ini saja</strong>. Salin atau catat sekarang dan sampaikan langsung kepada pegawai yang bersangkutan; ia wajib
        menggantinya saat pertama masuk.
      </p>
      <div className="buttons">
        <button type="button" onClick={() => void copy()}>
          Salin kata sandi
        </button>
        <button type="button" className="link" onClick={onDone}>
          Sudah dicatat, tutup
        </button>
        <span className="hint" role="status">
          {copied}
        </span>
      </div>
    </section>
  );
}

/** A file chosen in an <input type="file">, read as UTF-8 text. */
export async function readText(input: HTMLInputElement | null): Promise<{ name: string; text: string } | null> {
  const file = input?.files?.[0];
  if (!file) return null;
  return { name: file.name, text: await file.text() };
}
