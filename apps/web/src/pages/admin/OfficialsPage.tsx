import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { AdminOfficial, adminApi, OfficialInput, OfficialsImportReport } from '../../admin-api';
import { FieldError, invalidInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { SelectField } from '../../components/SelectField';
import { Loading, Notice } from '../../components/Status';
import { ASSIGNMENT_KIND_LABELS, formatDay, ROLE_LABELS } from '../../format';
import { Check, FormError, OneTimeSecret, optional, readText, TextField, useAdmin, useTitle } from './common';

const NIP_PATTERN = /^\d{18}$/;

interface OfficialDraft {
  nip: string;
  name: string;
  gelarDepan: string;
  gelarBelakang: string;
  rank: string;
  email: string;
  roles: Role[];
}
type Role = AdminOfficial['roles'][number];
const draftOf = (o?: AdminOfficial): OfficialDraft => ({
  nip: o?.nip ?? '',
  name: o?.name ?? '',
  gelarDepan: o?.gelarDepan ?? '',
  gelarBelakang: o?.gelarBelakang ?? '',
  rank: o?.rank ?? '',
  email: o?.email ?? '',
  roles: o?.roles ?? [],
});

/** Add an official, or edit one (the NIP stays: it is who the official is). */
function OfficialDialog({
  orgId,
  official,
  canGrantCity,
  onClose,
  onSaved,
}: {
  orgId: string;
  official?: AdminOfficial;
  canGrantCity: boolean;
  onClose(): void;
  onSaved(o: AdminOfficial, temporaryPassword?: string): void;
}) {
  const [d, setD] = useState(draftOf(official));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const set = (k: keyof OfficialDraft) => (v: string) => setD({ ...d, [k]: v });
  const roles: Role[] = canGrantCity ? ['admin', 'city-admin'] : ['admin'];

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!official && !NIP_PATTERN.test(d.nip.trim())) problems.push({ field: 'nip', reasons: ['NIP terdiri atas 18 angka'] });
    if (!d.name.trim()) problems.push({ field: 'name', reasons: ['wajib diisi'] });
    if (!d.rank.trim()) problems.push({ field: 'rank', reasons: ['wajib diisi'] });
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    try {
      if (official) {
        const saved = await adminApi.updateOfficial(official.id, {
          name: d.name.trim(),
          gelarDepan: d.gelarDepan.trim(),
          gelarBelakang: d.gelarBelakang.trim(),
          rank: d.rank.trim(),
          email: optional(d.email) ?? null,
          roles: d.roles,
        });
        onSaved(saved);
      } else {
        const body: OfficialInput = {
          nip: d.nip.trim(),
          name: d.name.trim(),
          gelarDepan: d.gelarDepan.trim(),
          gelarBelakang: d.gelarBelakang.trim(),
          rank: d.rank.trim(),
          email: optional(d.email),
          roles: d.roles,
        };
        const created = await adminApi.createOfficial(orgId, body);
        onSaved(created.official, created.temporaryPassword);
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      titleId="official-dialog-title"
      title={official ? `Ubah data ${official.name}` : 'Tambah pegawai'}
      initialFocus={first}
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={save} noValidate>
        {official ? (
          <p>
            NIP <span className="nip">{official.nip}</span>
          </p>
        ) : (
          <TextField
            id="official-nip"
            label="NIP"
            value={d.nip}
            onChange={set('nip')}
            field="nip"
            error={error}
            required
            maxLength={18}
            inputMode="numeric"
            hint="18 angka, tanpa spasi"
            inputRef={first}
          />
        )}
        <TextField
          id="official-name"
          label="Nama (tanpa gelar)"
          value={d.name}
          onChange={set('name')}
          field="name"
          error={error}
          required
          maxLength={200}
          inputRef={official ? first : undefined}
        />
        <div className="grid">
          <TextField
            id="official-gelar-depan"
            label="Gelar depan"
            value={d.gelarDepan}
            onChange={set('gelarDepan')}
            field="gelarDepan"
            error={error}
            maxLength={50}
            placeholder="mis. Dr."
          />
          <TextField
            id="official-gelar-belakang"
            label="Gelar belakang"
            value={d.gelarBelakang}
            onChange={set('gelarBelakang')}
            field="gelarBelakang"
            error={error}
            maxLength={100}
            placeholder="mis. S.E., M.Si."
          />
        </div>
        <TextField
          id="official-rank"
          label="Pangkat/golongan"
          value={d.rank}
          onChange={set('rank')}
          field="rank"
          error={error}
          required
          maxLength={100}
          placeholder="mis. Penata Muda (III/a)"
        />
        <TextField
          id="official-email"
          label="Surel"
          type="email"
          value={d.email}
          onChange={set('email')}
          field="email"
          error={error}
          maxLength={200}
        />
        <fieldset>
          <legend>Peran</legend>
          {roles.map((r) => (
            <Check
              key={r}
              id={`official-role-${r}`}
              label={ROLE_LABELS[r]}
              checked={d.roles.includes(r)}
              onChange={(v) => setD({ ...d, roles: v ? [...d.roles, r] : d.roles.filter((x) => x !== r) })}
            />
          ))}
          <p className="hint">Tanpa peran: pegawai biasa. Jabatan diberikan di Penugasan.</p>
        </fieldset>
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : official ? 'Simpan' : 'Tambah pegawai'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

type AccountAction = 'deactivate' | 'activate' | 'reset';
const ACCOUNT_ACTIONS: Record<AccountAction, { title: string; button: string; explain: string }> = {
  deactivate: {
    title: 'Nonaktifkan',
    button: 'Nonaktifkan',
    explain: 'Pegawai tidak dapat masuk lagi dan semua sesinya berakhir seketika. Jabatan dan riwayatnya tetap tercatat.',
  },
  activate: { title: 'Aktifkan kembali', button: 'Aktifkan', explain: 'Pegawai dapat masuk lagi dengan kata sandinya.' },
  reset: {
    title: 'Atur ulang kata sandi',
    button: 'Atur ulang kata sandi',
    explain:
      'Kata sandi lama tidak berlaku lagi dan semua sesinya berakhir; kata sandi sementara ditampilkan sekali untuk diserahkan kepada pegawai.',
  },
};

function AccountDialog({
  official,
  action,
  onClose,
  onDone,
}: {
  official: AdminOfficial;
  action: AccountAction;
  onClose(): void;
  onDone(message: string, temporaryPassword?: string): void;
}) {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const a = ACCOUNT_ACTIONS[action];

  async function act(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = optional(reason) ? { reason: reason.trim() } : {};
      if (action === 'deactivate') {
        await adminApi.deactivate(official.id, body);
        onDone(`${official.name} dinonaktifkan; semua sesinya berakhir.`);
      } else if (action === 'activate') {
        await adminApi.activate(official.id, body);
        onDone(`${official.name} diaktifkan kembali.`);
      } else onDone(`Kata sandi ${official.name} diatur ulang.`, (await adminApi.resetPassword(official.id, body)).temporaryPassword);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      titleId="account-dialog-title"
      title={`${a.title}: ${official.name}`}
      describedBy="account-dialog-explain"
      initialFocus={first}
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={act} noValidate>
        <p id="account-dialog-explain">{a.explain}</p>
        <TextField
          id="account-reason"
          label="Alasan"
          value={reason}
          onChange={setReason}
          field="reason"
          error={error}
          maxLength={500}
          hint="Dicatat dalam jejak akun"
          inputRef={first}
        />
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className={action === 'deactivate' ? 'danger' : 'primary'} disabled={busy}>
            {busy ? 'Memproses…' : a.button}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** The report of an officials import: what was (or would be) taken, and every problem of every refused row. */
function ImportReport({ report }: { report: OfficialsImportReport }) {
  return (
    <section className="card" aria-labelledby="import-report-title" data-testid="import-report">
      <h3 id="import-report-title">{report.dryRun ? 'Hasil pemeriksaan (belum diimpor)' : 'Hasil impor'}</h3>
      <p>{report.message}</p>
      <p>
        <strong>
          {report.rows} baris data, {report.refused} baris ditolak
        </strong>
      </p>
      {!report.dryRun && report.created ? (
        <p className="hint">Pegawai baru dari impor belum memiliki kata sandi: atur ulang kata sandinya agar ia dapat masuk.</p>
      ) : null}
      {report.refusals.length ? (
        <table className="report">
          <caption className="visually-hidden">Baris yang ditolak dan alasannya</caption>
          <thead>
            <tr>
              <th scope="col">Baris</th>
              <th scope="col">NIP</th>
              <th scope="col">Alasan</th>
            </tr>
          </thead>
          <tbody>
            {report.refusals.map((r, i) => (
              <tr key={`${r.line}-${r.field}-${i}`} data-testid="refused-row">
                <td data-label="Baris">{r.line}</td>
                <td data-label="NIP" className="nip">
                  {r.nip || '–'}
                </td>
                <td data-label="Alasan">
                  <span className="field-name">{r.field}</span>: {r.reason}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}

/** Import from CSV: the file is read here, checked first (dry run, nothing saved), then imported. */
function CsvImport({ orgId, onImported }: { orgId: string; onImported(): void }) {
  const input = useRef<HTMLInputElement>(null);
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [checked, setChecked] = useState<string | null>(null);
  const [report, setReport] = useState<OfficialsImportReport | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function run(dryRun: boolean) {
    if (!file) return setError(invalidInput([{ field: 'body', reasons: ['pilih berkas CSV terlebih dahulu'] }]));
    setBusy(true);
    setError(null);
    try {
      const r = await adminApi.importOfficials(orgId, file.text, dryRun);
      setReport(r);
      if (dryRun) setChecked(file.text);
      else {
        setChecked(null);
        onImported();
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="admin-form" aria-labelledby="csv-title">
      <h2 id="csv-title">Impor dari CSV</h2>
      <p className="hint" id="csv-hint">
        Berkas CSV (UTF-8), baris pertama nama kolom: <code>nip,nama,gelar_depan,gelar_belakang,pangkat_golongan,jabatan,email</code> dan bila perlu{' '}
        <code>mulai,sk</code>. Jabatan diisi kode jabatan (lihat Struktur) untuk penugasan definitif; boleh kosong. Periksa dahulu: pemeriksaan tidak
        menyimpan apa pun dan melaporkan setiap baris yang ditolak beserta alasannya.
      </p>
      <label htmlFor="csv-file">Berkas CSV</label>
      <input
        id="csv-file"
        ref={input}
        type="file"
        accept=".csv,text/csv"
        aria-describedby="csv-hint"
        onChange={() => {
          setReport(null);
          setChecked(null);
          setError(null);
          void readText(input.current).then(setFile, setError);
        }}
      />
      <div className="buttons">
        <button type="button" onClick={() => void run(true)} disabled={busy || !file}>
          Periksa berkas
        </button>
        <button type="button" className="primary" onClick={() => void run(false)} disabled={busy || !file || checked !== file.text}>
          Impor
        </button>
        {file && checked !== file.text ? <span className="hint">Periksa berkas sebelum mengimpor.</span> : null}
      </div>
      <FormError error={error} />
      {report ? <ImportReport report={report} /> : null}
    </section>
  );
}

function OfficialItem({ o, onEdit, onAccount }: { o: AdminOfficial; onEdit(): void; onAccount(a: AccountAction): void }) {
  return (
    <li className={`official${o.active ? '' : ' inactive'}`} data-testid={`official-${o.nip}`}>
      <p>
        <strong>{o.titledName}</strong> {o.active ? null : <span className="badge inactive">Nonaktif</span>}
        {o.roles.map((r) => (
          <span key={r} className="badge role">
            {ROLE_LABELS[r] ?? r}
          </span>
        ))}
      </p>
      <p className="meta">
        <span>
          NIP <span className="nip">{o.nip}</span>
        </span>
        <span>{o.rank}</span>
        {o.email ? <span>{o.email}</span> : null}
      </p>
      {o.assignments.length ? (
        <p className="meta">
          {o.assignments.map((a) => (
            <span key={a.id}>
              {a.kind !== 'definitif' ? `${ASSIGNMENT_KIND_LABELS[a.kind] ?? a.kind} ` : ''}
              {a.positionTitle}
              {a.inForce ? '' : ` (mulai ${formatDay(a.validFrom)})`}
            </span>
          ))}
        </p>
      ) : (
        <p className="meta">Tidak memegang jabatan</p>
      )}
      {o.mustChangePassword && o.active ? <p className="hint">Kata sandi sementara belum diganti.</p> : null}
      <div className="buttons">
        <button type="button" onClick={onEdit} aria-label={`Ubah data ${o.name}`}>
          Ubah
        </button>
        {o.active ? (
          <button type="button" className="danger" onClick={() => onAccount('deactivate')} aria-label={`Nonaktifkan ${o.name}`}>
            Nonaktifkan
          </button>
        ) : (
          <button type="button" onClick={() => onAccount('activate')} aria-label={`Aktifkan ${o.name}`}>
            Aktifkan
          </button>
        )}
        <button type="button" onClick={() => onAccount('reset')} aria-label={`Atur ulang kata sandi ${o.name}`} disabled={!o.active}>
          Atur ulang kata sandi
        </button>
      </div>
    </li>
  );
}

/** Pegawai: find officials, add and edit them, deactivate or reactivate, reset a password, import a list from CSV. */
export function OfficialsPage() {
  const { orgId, isCityAdmin } = useAdmin();
  const [q, setQ] = useState('');
  const [list, setList] = useState<AdminOfficial[] | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [secret, setSecret] = useState<{ who: string; password: string; title: string } | null>(null);
  const [editing, setEditing] = useState<{ official?: AdminOfficial } | null>(null);
  const [account, setAccount] = useState<{ official: AdminOfficial; action: AccountAction } | null>(null);
  useTitle('Pegawai');

  // The filters as applied: the search when its form is sent, the status as soon as it is chosen.
  const [filter, setFilter] = useState({ q: '', active: '' });
  const load = useCallback(
    async (more?: string | null) => {
      try {
        const page = await adminApi.officials(orgId, {
          q: filter.q || undefined,
          active: filter.active === '' ? undefined : filter.active === 'true',
          cursor: more,
        });
        setList((prev) => (more ? [...(prev ?? []), ...page.items] : page.items));
        setCursor(page.nextCursor);
        setError(null);
      } catch (e) {
        setError(e);
      }
    },
    [orgId, filter],
  );
  useEffect(() => void load(), [load]);

  const done = (m: string, o?: AdminOfficial, password?: string) => {
    setEditing(null);
    setAccount(null);
    setMessage(m);
    setSecret(password ? { who: o ? `${o.name} (NIP ${o.nip})` : '', password, title: m } : null);
    void load();
  };

  return (
    <>
      <Notice message={secret ? null : message} />
      {secret ? <OneTimeSecret title={secret.title} who={secret.who} secret={secret.password} onDone={() => setSecret(null)} /> : null}
      <section aria-labelledby="officials-title">
        <h2 id="officials-title">Daftar pegawai</h2>
        <form
          className="search"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setFilter({ ...filter, q: q.trim() });
          }}
        >
          <label htmlFor="official-search" className="visually-hidden">
            Cari nama atau NIP
          </label>
          <input id="official-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder="Cari nama atau NIP" />
          <button type="submit">Cari</button>
        </form>
        <div className="filters">
          <SelectField
            id="official-active"
            label="Status"
            value={filter.active}
            onChange={(v) => setFilter({ ...filter, active: v })}
            options={[
              ['', 'Semua'],
              ['true', 'Aktif'],
              ['false', 'Nonaktif'],
            ]}
          />
          <button type="button" className="primary" onClick={() => (setMessage(null), setEditing({}))}>
            Tambah pegawai
          </button>
        </div>
        <FormError error={error} />
        {list === null ? error ? null : <Loading /> : list.length ? null : <p className="empty">Tidak ada pegawai yang cocok.</p>}
        <ul className="officials">
          {(list ?? []).map((o) => (
            <OfficialItem
              key={o.id}
              o={o}
              onEdit={() => (setMessage(null), setEditing({ official: o }))}
              onAccount={(action) => (setMessage(null), setAccount({ official: o, action }))}
            />
          ))}
        </ul>
        {cursor ? (
          <button type="button" className="more" onClick={() => void load(cursor)}>
            Muat lebih banyak
          </button>
        ) : null}
      </section>
      <CsvImport orgId={orgId} onImported={() => void load()} />
      {editing ? (
        <OfficialDialog
          orgId={orgId}
          official={editing.official}
          canGrantCity={isCityAdmin}
          onClose={() => setEditing(null)}
          onSaved={(o, password) => done(editing.official ? `Data ${o.name} disimpan.` : `${o.name} ditambahkan.`, o, password)}
        />
      ) : null}
      {account ? (
        <AccountDialog
          official={account.official}
          action={account.action}
          onClose={() => setAccount(null)}
          onDone={(m, password) => done(m, account.official, password)}
        />
      ) : null}
    </>
  );
}
