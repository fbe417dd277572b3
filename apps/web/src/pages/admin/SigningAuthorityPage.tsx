import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { AdminDocumentKind, adminApi, Chart, KindSigners } from '../../admin-api';
import { FieldError, invalidInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, Notice } from '../../components/Status';
import { CATEGORY_LABELS, LAYOUT_LABELS } from '../../format';
import { Check, ChoiceField, FormError, TextField, useAdmin, useTitle } from './common';

const STRATEGIC_RULE = 'UU 30/2014 Pasal 14 ayat (7)';
const DEFAULT_KIND_SOURCE = 'Permendagri 1/2023 tentang Tata Naskah Dinas di Lingkungan Pemerintah Daerah, jenis naskah dinas';

/** Who may sign one kind: checkboxes among the positions that may sign at all, each with the source it rests on. */
function SignersForm({
  orgId,
  chart,
  kind,
  current,
  onSaved,
}: {
  orgId: string;
  chart: Chart;
  kind: AdminDocumentKind;
  current: KindSigners | undefined;
  onSaved(k: KindSigners): void;
}) {
  const currentPasal = new Map((current?.positions ?? []).map((p) => [p.positionId, p.pasal]));
  const [chosen, setChosen] = useState<Set<string>>(new Set(currentPasal.keys()));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const candidates = chart.positions
    .filter((p) => p.authority.sign || currentPasal.has(p.id))
    .sort((a, b) => a.level - b.level || a.title.localeCompare(b.title));

  async function save(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      // A row already in the table keeps the source it was given; a new one rests on the position's own authority.
      const positions = candidates
        .filter((p) => chosen.has(p.id))
        .map((p) => (currentPasal.has(p.id) ? { positionId: p.id, pasal: currentPasal.get(p.id) } : { positionId: p.id }));
      onSaved(await adminApi.setSigningAuthority(orgId, kind.code, positions));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={save} noValidate aria-labelledby="signers-title">
      <h2 id="signers-title">Penanda tangan {kind.name}</h2>
      {kind.strategic ? (
        <p className="rule">
          {kind.name} termasuk jenis strategis: pejabat yang menjabat sebagai Plt. atau Plh. tidak dapat menandatanganinya ({STRATEGIC_RULE}).
        </p>
      ) : null}
      <fieldset>
        <legend>Jabatan yang dapat menandatangani {kind.name}</legend>
        {candidates.length ? null : <p className="empty">Tidak ada jabatan yang berwenang menandatangani.</p>}
        {candidates.map((p) => (
          <Check
            key={p.id}
            id={`signer-${p.code}`}
            label={p.title}
            checked={chosen.has(p.id)}
            onChange={(v) => {
              const next = new Set(chosen);
              if (v) next.add(p.id);
              else next.delete(p.id);
              setChosen(next);
            }}
            hint={`${p.authority.sign ? '' : 'Tidak berwenang menandatangani. '}Dasar: ${currentPasal.get(p.id) ?? p.authorityBasis}`}
          />
        ))}
        <p className="hint">
          Hanya jabatan yang berwenang menandatangani (lihat Struktur) yang dapat dipilih; setiap baris menyebut dasar kewenangannya.
        </p>
      </fieldset>
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Simpan penanda tangan'}
      </button>
    </form>
  );
}

type KindDraft = Omit<AdminDocumentKind, 'coordinationRequiredPasal'> & { coordinationRequiredPasal: string };

function KindDialog({ kind, onClose, onSaved }: { kind?: AdminDocumentKind; onClose(): void; onSaved(k: AdminDocumentKind): void }) {
  const [d, setD] = useState<KindDraft>(
    kind
      ? { ...kind, coordinationRequiredPasal: kind.coordinationRequiredPasal ?? '' }
      : {
          code: '',
          name: '',
          category: 'korespondensi',
          layout: 'surat',
          numberPattern: '{kode}/{nomor}/{unit}/{tahun}',
          strategic: false,
          source: DEFAULT_KIND_SOURCE,
          coordinationRequiredPasal: '',
        },
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const set = (k: keyof KindDraft) => (v: string) => setD({ ...d, [k]: v });

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = (['code', 'name', 'numberPattern', 'source'] as const)
      .filter((k) => !d[k].trim())
      .map((field) => ({ field, reasons: ['wajib diisi'] }));
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    const body = {
      name: d.name.trim(),
      category: d.category,
      layout: d.layout,
      numberPattern: d.numberPattern.trim(),
      strategic: d.strategic,
      source: d.source.trim(),
      coordinationRequiredPasal: d.coordinationRequiredPasal.trim() || null,
    };
    try {
      onSaved(
        kind ? await adminApi.updateDocumentKind(kind.code, body) : await adminApi.createDocumentKind({ code: d.code.trim().toUpperCase(), ...body }),
      );
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      titleId="kind-dialog-title"
      title={kind ? `Ubah jenis naskah ${kind.name}` : 'Tambah jenis naskah'}
      initialFocus={first}
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={save} noValidate>
        {kind ? (
          <p>
            Kode <span className="code">{kind.code}</span>
          </p>
        ) : (
          <TextField
            id="kind-code"
            label="Kode"
            value={d.code}
            onChange={set('code')}
            field="code"
            error={error}
            required
            maxLength={32}
            hint="Huruf kapital dipisah garis bawah, mis. SURAT_PERINTAH"
            inputRef={first}
          />
        )}
        <TextField
          id="kind-name"
          label="Nama"
          value={d.name}
          onChange={set('name')}
          field="name"
          error={error}
          required
          maxLength={100}
          inputRef={kind ? first : undefined}
        />
        <div className="grid">
          <ChoiceField
            id="kind-category"
            label="Kategori"
            value={d.category}
            onChange={set('category')}
            field="category"
            error={error}
            options={Object.entries(CATEGORY_LABELS)}
          />
          <ChoiceField
            id="kind-layout"
            label="Tata letak"
            value={d.layout}
            onChange={set('layout')}
            field="layout"
            error={error}
            options={Object.entries(LAYOUT_LABELS)}
          />
        </div>
        <TextField
          id="kind-pattern"
          label="Pola nomor"
          value={d.numberPattern}
          onChange={set('numberPattern')}
          field="numberPattern"
          error={error}
          required
          maxLength={100}
          hint="Penanda: {kode} {nomor} {unit} {tahun}; {nomor} wajib"
        />
        <Check
          id="kind-strategic"
          label="Strategis (mengubah organisasi, kepegawaian atau anggaran)"
          checked={d.strategic}
          onChange={(v) => setD({ ...d, strategic: v })}
          hint={`Plt./Plh. tidak dapat menandatanganinya (${STRATEGIC_RULE})`}
        />
        <TextField
          id="kind-source"
          label="Sumber"
          value={d.source}
          onChange={set('source')}
          field="source"
          error={error}
          required
          maxLength={300}
          hint="Peraturan yang menetapkan jenis naskah ini"
          multiline
        />
        <TextField
          id="kind-coordination"
          label="Sumber kewajiban paraf koordinasi"
          value={d.coordinationRequiredPasal}
          onChange={set('coordinationRequiredPasal')}
          field="coordinationRequiredPasal"
          error={error}
          maxLength={200}
          hint="Kosongkan bila paraf koordinasi tidak wajib"
        />
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Simpan jenis naskah'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Kewenangan tanda tangan: per kind of document, the positions that may sign it, each citing its source; the kinds themselves. */
export function SigningAuthorityPage() {
  const { orgId, isCityAdmin } = useAdmin();
  const [chart, setChart] = useState<Chart | null>(null);
  const [table, setTable] = useState<KindSigners[] | null>(null);
  const [kinds, setKinds] = useState<AdminDocumentKind[] | null>(null);
  const [kindCode, setKindCode] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ kind?: AdminDocumentKind } | null>(null);
  useTitle('Kewenangan tanda tangan');

  const load = useCallback(async () => {
    try {
      const [c, t, k] = await Promise.all([adminApi.chart(orgId), adminApi.signingAuthority(orgId), adminApi.documentKinds()]);
      setChart(c);
      setTable(t);
      setKinds(k);
      setKindCode((prev) => prev || k[0]?.code || '');
    } catch (e) {
      setError(e);
    }
  }, [orgId]);
  useEffect(() => void load(), [load]);

  if (!chart || !table || !kinds) return error ? <ErrorMessage error={error} /> : <Loading />;
  const kind = kinds.find((k) => k.code === kindCode);
  const rowOf = (code: string) => table.find((t) => t.kindCode === code);

  return (
    <>
      <Notice message={message} />
      <ErrorMessage error={error} />
      <div className="filters">
        <ChoiceField
          id="signers-kind"
          label="Jenis naskah"
          value={kindCode}
          onChange={(v) => (setMessage(null), setKindCode(v))}
          options={kinds.map((k) => [k.code, k.name])}
        />
      </div>
      {kind ? (
        <SignersForm
          key={`${kind.code}-${JSON.stringify(rowOf(kind.code)?.positions ?? [])}`}
          orgId={orgId}
          chart={chart}
          kind={kind}
          current={rowOf(kind.code)}
          onSaved={(row) => {
            setTable([...table.filter((t) => t.kindCode !== row.kindCode), row]);
            setMessage(`Penanda tangan ${kind.name}: ${row.positions.map((p) => p.title).join(', ') || 'tidak ada'}.`);
          }}
        />
      ) : null}
      <section aria-labelledby="table-title">
        <h2 id="table-title">Tabel kewenangan</h2>
        <ul className="authority-table" data-testid="authority-table">
          {kinds.map((k) => {
            const row = rowOf(k.code);
            return (
              <li key={k.code}>
                <p>
                  <strong>{k.name}</strong> {k.strategic ? <span className="badge strategic">Strategis</span> : null}
                </p>
                {row?.positions.length ? (
                  <ul>
                    {row.positions.map((p) => (
                      <li key={p.positionId}>
                        {p.title} <span className="hint">({p.pasal})</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  <p className="hint">Belum ada jabatan yang ditetapkan.</p>
                )}
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="kinds-title">
        <h2 id="kinds-title">Jenis naskah</h2>
        <p className="hint">
          Jenis naskah berlaku bagi semua organisasi.{' '}
          {isCityAdmin ? 'Sebagai administrator kota, Anda dapat mengubah dan menambahnya.' : 'Hanya administrator kota yang dapat mengubahnya.'}
        </p>
        <ul className="kinds">
          {kinds.map((k) => (
            <li key={k.code} className="kind" data-testid={`kind-${k.code}`}>
              <p>
                <strong>{k.name}</strong> <span className="code">{k.code}</span>{' '}
                {k.strategic ? <span className="badge strategic">Strategis</span> : null}
              </p>
              <p className="meta">
                <span>{CATEGORY_LABELS[k.category] ?? k.category}</span>
                <span>Tata letak: {LAYOUT_LABELS[k.layout] ?? k.layout}</span>
                <span>
                  Nomor: <code>{k.numberPattern}</code>
                </span>
              </p>
              <p className="hint">Sumber: {k.source}</p>
              {k.coordinationRequiredPasal ? <p className="hint">Wajib paraf koordinasi: {k.coordinationRequiredPasal}</p> : null}
              {isCityAdmin ? (
                <button type="button" onClick={() => (setMessage(null), setEditing({ kind: k }))} aria-label={`Ubah jenis naskah ${k.name}`}>
                  Ubah
                </button>
              ) : null}
            </li>
          ))}
        </ul>
        {isCityAdmin ? (
          <button type="button" onClick={() => (setMessage(null), setEditing({}))}>
            Tambah jenis naskah
          </button>
        ) : null}
      </section>
      {editing ? (
        <KindDialog
          kind={editing.kind}
          onClose={() => setEditing(null)}
          onSaved={(k) => {
            setEditing(null);
            setMessage(`Jenis naskah ${k.name} disimpan.`);
            void load();
          }}
        />
      ) : null}
    </>
  );
}
