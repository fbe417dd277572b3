import { FormEvent, useEffect, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import { AdminOrganization, adminApi, AuthorityFlags, Letterhead, NewOrganization } from '../../admin-api';
import { FieldError, invalidInput } from '../../api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, Notice } from '../../components/Status';
import { AUTHORITY_LABELS } from '../../format';
import { Check, FormError, optional, TextField, useAdmin, useTitle } from './common';

const DEFAULT_NUMBER_TEMPLATE = '{kode}/{nomor}/{unit}/{tahun}';
const NUMBER_TEMPLATE_HINT =
  'Penanda: {kode} kode klasifikasi arsip, {nomor} nomor urut (wajib), {unit} kode unit, {tahun} tahun. Contoh: 000.8.3.3/0042/DKUM/2026.';

const emptyLetterhead: Letterhead = { government: '', office: '', address: '', phone: '', email: '', website: '' };

/** The letterhead (kop surat) fields, shared by the settings form and the new-organisation form. */
function LetterheadFields({ prefix, value, onChange, error }: { prefix: string; value: Letterhead; onChange(l: Letterhead): void; error: unknown }) {
  const set = (k: keyof Letterhead) => (v: string) => onChange({ ...value, [k]: v });
  return (
    <fieldset>
      <legend>Kop surat</legend>
      <div className="grid">
        <TextField
          id={`${prefix}-gov`}
          label="Pemerintah daerah"
          value={value.government}
          onChange={set('government')}
          field="letterhead.government"
          error={error}
          required
          maxLength={200}
          placeholder="PEMERINTAH KOTA BATAM"
        />
        <TextField
          id={`${prefix}-office`}
          label="Perangkat daerah"
          value={value.office}
          onChange={set('office')}
          field="letterhead.office"
          error={error}
          required
          maxLength={200}
        />
      </div>
      <TextField
        id={`${prefix}-address`}
        label="Alamat"
        value={value.address}
        onChange={set('address')}
        field="letterhead.address"
        error={error}
        required
        maxLength={300}
      />
      <div className="grid">
        <TextField
          id={`${prefix}-phone`}
          label="Telepon"
          type="tel"
          value={value.phone ?? ''}
          onChange={set('phone')}
          field="letterhead.phone"
          error={error}
          maxLength={50}
        />
        <TextField
          id={`${prefix}-email`}
          label="Surel"
          type="email"
          value={value.email ?? ''}
          onChange={set('email')}
          field="letterhead.email"
          error={error}
          maxLength={100}
        />
        <TextField
          id={`${prefix}-website`}
          label="Laman"
          value={value.website ?? ''}
          onChange={set('website')}
          field="letterhead.website"
          error={error}
          maxLength={100}
        />
      </div>
    </fieldset>
  );
}

const cleanLetterhead = (l: Letterhead): Letterhead => ({
  government: l.government.trim(),
  office: l.office.trim(),
  address: l.address.trim(),
  phone: optional(l.phone ?? ''),
  email: optional(l.email ?? ''),
  website: optional(l.website ?? ''),
});

/** Required text fields left empty, as the API would name them. */
function blanks(fields: Array<[field: string, value: string]>): FieldError[] {
  return fields.filter(([, v]) => !v.trim()).map(([field]) => ({ field, reasons: ['wajib diisi'] }));
}

function SettingsForm({ org, onSaved }: { org: AdminOrganization; onSaved(o: AdminOrganization): void }) {
  const [name, setName] = useState(org.name);
  const [regulation, setRegulation] = useState(org.regulation);
  const [citation, setCitation] = useState(org.regulationCitation);
  const [tembusan, setTembusan] = useState(org.reportTembusanPasal ?? '');
  const [letterhead, setLetterhead] = useState<Letterhead>({ ...emptyLetterhead, ...org.letterhead });
  const [numberTemplate, setNumberTemplate] = useState(org.numberTemplate);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(e: FormEvent) {
    e.preventDefault();
    setMessage(null);
    const missing = blanks([
      ['name', name],
      ['regulation', regulation],
      ['regulationCitation', citation],
      ['letterhead.government', letterhead.government],
      ['letterhead.office', letterhead.office],
      ['letterhead.address', letterhead.address],
      ['numberTemplate', numberTemplate],
    ]);
    if (missing.length) return setError(invalidInput(missing));
    setBusy(true);
    setError(null);
    try {
      const saved = await adminApi.updateOrganization(org.id, {
        name: name.trim(),
        regulation: regulation.trim(),
        regulationCitation: citation.trim(),
        reportTembusanPasal: optional(tembusan) ?? null,
        letterhead: cleanLetterhead(letterhead),
        numberTemplate: numberTemplate.trim(),
      });
      onSaved(saved);
      setMessage('Pengaturan organisasi disimpan.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={save} noValidate aria-labelledby="settings-title">
      <h2 id="settings-title">Pengaturan</h2>
      <dl className="facts">
        <dt>Kode</dt>
        <dd>{org.code}</dd>
        <dt>Kota</dt>
        <dd>{org.city}</dd>
      </dl>
      <TextField id="org-name" label="Nama organisasi" value={name} onChange={setName} field="name" error={error} required maxLength={200} />
      <div className="grid">
        <TextField
          id="org-regulation"
          label="Peraturan pembentukan"
          value={regulation}
          onChange={setRegulation}
          field="regulation"
          error={error}
          required
          maxLength={200}
          hint="mis. Peraturan Wali Kota Batam Nomor 14 Tahun 2023"
        />
        <TextField
          id="org-citation"
          label="Kutipan peraturan"
          value={citation}
          onChange={setCitation}
          field="regulationCitation"
          error={error}
          required
          maxLength={100}
          hint="Ditulis sebelum Pasal, mis. Perwako Batam 14/2023"
        />
      </div>
      <TextField
        id="org-tembusan"
        label="Pasal tembusan laporan kepada atasan"
        value={tembusan}
        onChange={setTembusan}
        field="reportTembusanPasal"
        error={error}
        maxLength={200}
        hint="Kosongkan bila peraturan tidak mewajibkan tembusan laporan (Cilegon: Pasal 28 ayat (9))."
      />
      <LetterheadFields prefix="org-kop" value={letterhead} onChange={setLetterhead} error={error} />
      <TextField
        id="org-number"
        label="Templat nomor naskah"
        value={numberTemplate}
        onChange={setNumberTemplate}
        field="numberTemplate"
        error={error}
        required
        maxLength={100}
        hint={NUMBER_TEMPLATE_HINT}
      />
      <FormError error={error} />
      <Notice message={message} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Simpan pengaturan'}
      </button>
    </form>
  );
}

/** A city administrator brings in a new office: its settings, its top unit and the head of it (jenjang 1). */
function CreateOrganizationForm({ city, onCreated }: { city: string; onCreated(o: AdminOrganization): void }) {
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [regulation, setRegulation] = useState('');
  const [citation, setCitation] = useState('');
  const [letterhead, setLetterhead] = useState<Letterhead>(emptyLetterhead);
  const [numberTemplate, setNumberTemplate] = useState(DEFAULT_NUMBER_TEMPLATE);
  const [unitCode, setUnitCode] = useState('');
  const [unitPasal, setUnitPasal] = useState('');
  const [headCode, setHeadCode] = useState('KADIS');
  const [headTitle, setHeadTitle] = useState('');
  const [headPasal, setHeadPasal] = useState('');
  const [authority, setAuthority] = useState<AuthorityFlags>({ check: true, return: true, paraf: false, sign: true });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function create(e: FormEvent) {
    e.preventDefault();
    const missing = blanks([
      ['code', code],
      ['name', name],
      ['regulation', regulation],
      ['regulationCitation', citation],
      ['letterhead.government', letterhead.government],
      ['letterhead.office', letterhead.office],
      ['letterhead.address', letterhead.address],
      ['numberTemplate', numberTemplate],
      ['unit.code', unitCode],
      ['unit.pasal', unitPasal],
      ['unit.head.code', headCode],
      ['unit.head.title', headTitle],
      ['unit.head.authorityPasal', headPasal],
    ]);
    if (missing.length) return setError(invalidInput(missing));
    const body: NewOrganization = {
      code: code.trim().toUpperCase(),
      name: name.trim(),
      regulation: regulation.trim(),
      regulationCitation: citation.trim(),
      letterhead: cleanLetterhead(letterhead),
      numberTemplate: numberTemplate.trim(),
      unit: {
        code: unitCode.trim().toUpperCase(),
        name: name.trim(),
        kind: 'dinas',
        pasal: unitPasal.trim(),
        head: { code: headCode.trim().toUpperCase(), title: headTitle.trim(), authority, authorityPasal: headPasal.trim() },
      },
    };
    setBusy(true);
    setError(null);
    try {
      onCreated(await adminApi.createOrganization(body));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={create} noValidate aria-labelledby="create-org-title">
      <h2 id="create-org-title">Buat organisasi</h2>
      <p className="hint">
        Organisasi baru di {city}. Unit puncak dan pimpinannya (jenjang 1, JPT Pratama) dibuat bersamanya; unit, jabatan dan pegawai lainnya
        ditambahkan sesudahnya, atau sekaligus lewat Berkas organisasi.
      </p>
      <div className="grid">
        <TextField
          id="new-code"
          label="Kode organisasi"
          value={code}
          onChange={setCode}
          field="code"
          error={error}
          required
          maxLength={32}
          hint="Huruf kapital dan angka, mis. BTM-DISPERINDAG"
        />
        <TextField id="new-name" label="Nama organisasi" value={name} onChange={setName} field="name" error={error} required maxLength={200} />
        <TextField
          id="new-regulation"
          label="Peraturan pembentukan"
          value={regulation}
          onChange={setRegulation}
          field="regulation"
          error={error}
          required
          maxLength={200}
        />
        <TextField
          id="new-citation"
          label="Kutipan peraturan"
          value={citation}
          onChange={setCitation}
          field="regulationCitation"
          error={error}
          required
          maxLength={100}
        />
      </div>
      <LetterheadFields prefix="new-kop" value={letterhead} onChange={setLetterhead} error={error} />
      <TextField
        id="new-number"
        label="Templat nomor naskah"
        value={numberTemplate}
        onChange={setNumberTemplate}
        field="numberTemplate"
        error={error}
        required
        maxLength={100}
        hint={NUMBER_TEMPLATE_HINT}
      />
      <fieldset>
        <legend>Unit puncak dan pimpinannya</legend>
        <div className="grid">
          <TextField
            id="new-unit-code"
            label="Kode unit"
            value={unitCode}
            onChange={setUnitCode}
            field="unit.code"
            error={error}
            required
            maxLength={32}
            hint="Dipakai dalam nomor naskah, mis. DISPERINDAG"
          />
          <TextField
            id="new-unit-pasal"
            label="Pasal pembentukan unit"
            value={unitPasal}
            onChange={setUnitPasal}
            field="unit.pasal"
            error={error}
            required
            maxLength={200}
          />
          <TextField
            id="new-head-code"
            label="Kode jabatan pimpinan"
            value={headCode}
            onChange={setHeadCode}
            field="unit.head.code"
            error={error}
            required
            maxLength={32}
          />
          <TextField
            id="new-head-title"
            label="Nama jabatan pimpinan"
            value={headTitle}
            onChange={setHeadTitle}
            field="unit.head.title"
            error={error}
            required
            maxLength={200}
            hint="mis. Kepala Dinas Perindustrian dan Perdagangan"
          />
        </div>
        <p className="label">Kewenangan pimpinan atas naskah dinas</p>
        <div className="checks">
          {(Object.keys(AUTHORITY_LABELS) as Array<keyof AuthorityFlags>).map((k) => (
            <Check
              key={k}
              id={`new-head-${k}`}
              label={AUTHORITY_LABELS[k]}
              checked={authority[k]}
              onChange={(v) => setAuthority({ ...authority, [k]: v })}
            />
          ))}
        </div>
        <TextField
          id="new-head-pasal"
          label="Pasal kewenangan pimpinan"
          value={headPasal}
          onChange={setHeadPasal}
          field="unit.head.authorityPasal"
          error={error}
          required
          maxLength={300}
          hint="Pasal peraturan pembentukan yang memberikan kewenangan itu, mis. Pasal 3 ayat (4) huruf j"
        />
      </fieldset>
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Membuat…' : 'Buat organisasi'}
      </button>
    </form>
  );
}

/** Ringkasan: the organisation's settings; for a city administrator, the city's offices and a new one. */
export function OrganizationPage() {
  const { orgId, organizations, isCityAdmin, reloadOrganizations } = useAdmin();
  const navigate = useNavigate();
  const location = useLocation();
  const [org, setOrg] = useState<AdminOrganization | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const message = (location.state as { notice?: string } | null)?.notice ?? null;
  useTitle('Organisasi');

  useEffect(() => {
    setOrg(null);
    adminApi.organization(orgId).then(setOrg, setError);
  }, [orgId]);

  if (!org) return error ? <ErrorMessage error={error} /> : <Loading />;
  return (
    <>
      <Notice message={message} />
      <SettingsForm key={org.id} org={org} onSaved={(o) => (setOrg(o), void reloadOrganizations())} />
      {isCityAdmin ? (
        <section aria-labelledby="offices-title">
          <h2 id="offices-title">Organisasi di {org.city}</h2>
          <ul className="offices">
            {organizations.map((o) => (
              <li key={o.id}>
                {o.id === orgId ? (
                  <strong aria-current="page">
                    {o.name} ({o.code})
                  </strong>
                ) : (
                  <Link to={`/admin/${o.id}`}>
                    {o.name} ({o.code})
                  </Link>
                )}
              </li>
            ))}
          </ul>
          {creating ? (
            <CreateOrganizationForm
              city={org.city}
              onCreated={(o) => {
                setCreating(false);
                const notice = `Organisasi ${o.name} (${o.code}) dibuat. Lengkapi struktur, pegawai dan penugasannya.`;
                void reloadOrganizations().then(() => navigate(`/admin/${o.id}`, { state: { notice } }));
              }}
            />
          ) : (
            <button type="button" onClick={() => setCreating(true)}>
              Buat organisasi
            </button>
          )}
        </section>
      ) : null}
    </>
  );
}
