import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { Addressee, api, ApiError, DocumentContent, DocumentKind, DocumentView, UnitNode, invalidInput } from '../api';
import { CoordinatorPicker } from '../components/CoordinatorPicker';
import { ErrorMessage } from '../components/ErrorMessage';
import { RichTextEditor } from '../components/RichTextEditor';
import { SelectField } from '../components/SelectField';
import { UnitPicker } from '../components/UnitPicker';
import { lastReturn } from '../document-state';
import { CAPACITY_LABELS, CLASSIFICATION_LABELS, URGENCY_LABELS } from '../format';
import { useMe } from '../session';
import { Loading } from '../components/Status';
import { ConsiderationField } from '../components/ConsiderationField';
import { SignerReadinessNote } from '../components/SignerReadinessNote';

interface External {
  name: string;
  address: string;
}

const unitIds = (list: Addressee[]) => list.flatMap((a) => (a.type === 'unit' ? [a.unitId] : []));
const externals = (list: Addressee[]): External[] => list.flatMap((a) => (a.type === 'external' ? [{ name: a.name, address: a.address ?? '' }] : []));

function ExternalList({ legend, items, onChange }: { legend: string; items: External[]; onChange(items: External[]): void }) {
  const set = (i: number, patch: Partial<External>) => onChange(items.map((x, j) => (j === i ? { ...x, ...patch } : x)));
  return (
    <fieldset className="externals">
      <legend>{legend}</legend>
      {items.map((x, i) => (
        <div className="external" key={i}>
          <label>
            Nama / jabatan
            <input value={x.name} onChange={(e) => set(i, { name: e.target.value })} maxLength={300} />
          </label>
          <label>
            Alamat
            <input value={x.address} onChange={(e) => set(i, { address: e.target.value })} maxLength={300} />
          </label>
          <button
            type="button"
            className="link"
            onClick={() => onChange(items.filter((_, j) => j !== i))}
            aria-label={`Hapus ${x.name || 'baris ini'}`}
          >
            Hapus
          </button>
        </div>
      ))}
      <button type="button" onClick={() => onChange([...items, { name: '', address: '' }])}>
        Tambah penerima di luar instansi
      </button>
    </fieldset>
  );
}

/**
 * Compose a draft, revise one that is with the drafter (draft or returned), or, as the official
 * whose step it is, correct it (mode "correct": a new version under the reviewer's name).
 */
export function ComposePage({ mode = 'draft' }: { mode?: 'draft' | 'correct' }) {
  const correcting = mode === 'correct';
  const me = useMe();
  const { id } = useParams();
  const navigate = useNavigate();
  const [doc, setDoc] = useState<DocumentView | null>(null);
  const [kinds, setKinds] = useState<DocumentKind[]>([]);
  const [codes, setCodes] = useState<Array<{ code: string; name: string }>>([]);
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [kindCode, setKindCode] = useState('NOTA_DINAS');
  const [archiveCode, setArchiveCode] = useState('');
  const [classification, setClassification] = useState<DocumentContent['classification']>('biasa');
  const [urgency, setUrgency] = useState<DocumentContent['urgency']>('biasa');
  const [subject, setSubject] = useState('');
  const [body, setBody] = useState('');
  const [recipientUnits, setRecipientUnits] = useState<string[]>([]);
  const [recipientExternals, setRecipientExternals] = useState<External[]>([]);
  const [tembusanUnits, setTembusanUnits] = useState<string[]>([]);
  const [tembusanExternals, setTembusanExternals] = useState<External[]>([]);
  const [coordinators, setCoordinators] = useState<string[]>([]);
  const [consideration, setConsideration] = useState('');
  const [waiver, setWaiver] = useState('');
  const [proposal, setProposal] = useState<string | null>(null);
  const [loaded, setLoaded] = useState(!id);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = `${correcting ? 'Koreksi naskah' : id ? 'Perbaiki naskah' : 'Buat naskah'} · Naskah Dinas`;
    Promise.all([api.documentKinds(), api.archiveCodes(), api.units(me.organization.id), id ? api.document(id) : Promise.resolve(null)]).then(
      ([k, c, u, d]) => {
        setKinds(k);
        setCodes(c);
        setUnits(u);
        if (d) {
          setDoc(d);
          setKindCode(d.kind.code);
          setArchiveCode(d.archiveCode ?? '');
          setClassification(d.classification);
          setUrgency(d.urgency);
          setSubject(d.currentVersion.subject);
          setBody(d.currentVersion.body);
          setRecipientUnits(unitIds(d.recipients));
          setRecipientExternals(externals(d.recipients));
          setTembusanUnits(unitIds(d.tembusan));
          setTembusanExternals(externals(d.tembusan));
          setCoordinators(d.coordinators.map((c) => c.positionId));
          setWaiver(d.tembusanWaiverReason ?? '');
        }
        setLoaded(true);
      },
      (e) => {
        setError(e);
        setLoaded(true);
      },
    );
  }, [id, me.organization.id, correcting]);

  // A Laporan to a superior copies the units that work with the drafter's (Cilegon Pasal 28 ayat (9)): proposed here.
  useEffect(() => {
    if (id) return;
    setProposal(null);
    if (kindCode !== 'LAPORAN') return;
    api.tembusanProposal(kindCode).then(
      (units) => {
        if (!units.length) return;
        setTembusanUnits((prev) => [...new Set([...prev, ...units.map((u) => u.unitId)])]);
        const basis = units[0].pasal ? ` (${units[0].pasal})` : '';
        setProposal(`Tembusan diusulkan untuk unit yang bekerja sama${basis}: ${units.map((u) => u.name).join(', ')}.`);
      },
      () => undefined,
    );
  }, [kindCode, id]);

  const returnNote = !correcting && doc?.status === 'returned' ? lastReturn(doc) : undefined;
  const kind = kinds.find((k) => k.code === kindCode);
  const drafterPositionIds = doc ? [doc.drafterPosition.positionId] : me.positions.map((p) => p.positionId);
  // The drafter may say why a Laporan copies no one: only then is the reason asked for, and sent.
  const asksWaiver = kindCode === 'LAPORAN' && !tembusanUnits.length && !tembusanExternals.some((x) => x.name.trim());
  const fieldErrors = (field: string) => (error instanceof ApiError ? error.reasonsFor(field) : []);

  async function save(e: FormEvent) {
    e.preventDefault();
    const missing: Array<{ field: string; reasons: string[] }> = [];
    if (subject.trim().length < 3) missing.push({ field: 'subject', reasons: ['paling sedikit 3 karakter'] });
    if (!body.trim()) missing.push({ field: 'body', reasons: ['wajib diisi'] });
    const ext = (list: External[]) =>
      list.filter((x) => x.name.trim()).map((x) => ({ name: x.name.trim(), ...(x.address.trim() ? { address: x.address.trim() } : {}) }));
    const recipients = [...recipientUnits.map((unitId) => ({ unitId })), ...ext(recipientExternals)];
    if (!recipients.length) missing.push({ field: 'recipients', reasons: ['pilih paling sedikit satu penerima'] });
    const considerationPasal = doc?.actingFor?.considerationPasal;
    if (correcting && considerationPasal && !consideration.trim())
      missing.push({ field: 'consideration', reasons: [`wajib diisi saat bertindak mewakili (${considerationPasal})`] });
    if (missing.length) {
      setError(invalidInput(missing));
      return;
    }
    const content: DocumentContent = {
      subject: subject.trim(),
      body,
      classification,
      urgency,
      ...(archiveCode ? { archiveCode } : {}),
      recipients,
      tembusan: [...tembusanUnits.map((unitId) => ({ unitId })), ...ext(tembusanExternals)],
      ...(asksWaiver && waiver.trim() ? { tembusanWaiverReason: waiver.trim() } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      if (correcting && doc) {
        const acting = doc.actingFor?.considerationPasal ? { consideration: consideration.trim() } : {};
        const state = await api.act(doc.id, 'correct', { ...content, baseVersionHash: doc.currentVersion.contentHash, ...acting });
        void navigate(`/naskah/${doc.id}`, {
          state: { message: `Koreksi disimpan sebagai versi ${state.versionNo} atas nama Anda.`, document: state.document },
        });
        return;
      }
      const saved = doc
        ? await api.update(doc.id, { ...content, coordinatorPositionIds: coordinators, baseVersionNo: doc.currentVersion.versionNo })
        : await api.create({ ...content, coordinatorPositionIds: coordinators, kindCode });
      // The answer is the document as saved: the page shows it without reading it again.
      void navigate(`/naskah/${saved.id}`, { state: { saved: true, document: saved } });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (!loaded) return <Loading />;
  if (id && !doc) return <ErrorMessage error={error} />;
  if (correcting && doc && !doc.allowedActions.includes('correct'))
    return (
      <>
        <h1>Koreksi naskah</h1>
        <p className="error" role="alert">
          Naskah ini tidak dapat Anda koreksi sekarang: koreksi hanya oleh pejabat yang sedang memeriksa naskah.
        </p>
        <Link to={`/naskah/${doc.id}`}>Kembali ke naskah</Link>
      </>
    );

  return (
    <>
      <h1>
        {correcting && doc
          ? `Koreksi naskah (versi ${doc.currentVersion.versionNo + 1})`
          : doc
            ? `Perbaiki naskah (versi ${doc.currentVersion.versionNo + 1})`
            : 'Buat naskah'}
      </h1>
      {correcting && doc ? (
        <div className="rule" role="note" data-testid="correct-note">
          <p>
            Anda mengoreksi versi {doc.currentVersion.versionNo} yang disusun {doc.drafter.name}. Koreksi disimpan sebagai versi baru atas nama Anda
            dan menjadi paraf Anda; paraf yang diberikan atas versi sebelumnya tidak berlaku lagi.
          </p>
        </div>
      ) : null}
      {doc && !correcting ? <SignerReadinessNote readiness={doc.signerReadiness} /> : null}
      {returnNote ? (
        <div className="return-note" role="note">
          <p>
            <strong>Catatan perbaikan dari {returnNote.actedBy?.name ?? returnNote.position.title}:</strong>
          </p>
          <blockquote>{returnNote.note}</blockquote>
        </div>
      ) : null}
      <form className="compose" onSubmit={save} noValidate>
        <div className="grid">
          <SelectField
            id="kind"
            label="Jenis naskah"
            value={kindCode}
            onChange={setKindCode}
            disabled={!!doc}
            options={kinds.map((k) => [k.code, k.name])}
          />
          <SelectField
            id="archive-code"
            label="Kode klasifikasi arsip"
            value={archiveCode}
            onChange={setArchiveCode}
            empty="(tanpa kode)"
            options={codes.map((c) => [c.code, `${c.code} ${c.name}`])}
          />
          <SelectField
            id="classification"
            label="Klasifikasi"
            value={classification}
            onChange={(v) => setClassification(v as DocumentContent['classification'])}
            options={Object.entries(CLASSIFICATION_LABELS)}
          />
          <SelectField
            id="urgency"
            label="Sifat"
            value={urgency}
            onChange={(v) => setUrgency(v as DocumentContent['urgency'])}
            options={Object.entries(URGENCY_LABELS)}
          />
        </div>
        <label htmlFor="subject">Hal</label>
        <input
          id="subject"
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          maxLength={500}
          required
          aria-invalid={fieldErrors('subject').length ? true : undefined}
        />
        <p className="label" id="body-label">
          Isi naskah
        </p>
        <RichTextEditor id="body" value={body} onChange={setBody} invalid={fieldErrors('body').length > 0} />
        <div className="grid two">
          <div>
            <UnitPicker
              legend="Penerima di lingkungan dinas"
              name="recipients"
              units={units}
              selected={recipientUnits}
              onChange={setRecipientUnits}
            />
            <ExternalList legend="Penerima di luar dinas" items={recipientExternals} onChange={setRecipientExternals} />
          </div>
          <div>
            <UnitPicker
              legend="Tembusan"
              name="tembusan"
              units={units}
              selected={tembusanUnits}
              onChange={setTembusanUnits}
              hint={proposal ?? undefined}
            />
            <ExternalList legend="Tembusan di luar dinas" items={tembusanExternals} onChange={setTembusanExternals} />
            {asksWaiver ? (
              <div className="waiver">
                <label htmlFor="tembusan-waiver">Alasan Laporan tanpa tembusan</label>
                <p className="hint" id="tembusan-waiver-hint">
                  Laporan kepada atasan wajib ditembuskan kepada unit organisasi lain yang secara fungsional mempunyai hubungan kerja. Isi hanya bila
                  tidak ada unit seperti itu, dengan alasannya (paling sedikit 5 karakter); alasan ini tampil pada naskah dan riwayatnya.
                </p>
                <textarea
                  id="tembusan-waiver"
                  value={waiver}
                  onChange={(e) => setWaiver(e.target.value)}
                  maxLength={2000}
                  rows={2}
                  aria-describedby="tembusan-waiver-hint"
                  aria-invalid={fieldErrors('tembusanWaiverReason').length ? true : undefined}
                />
              </div>
            ) : null}
          </div>
        </div>
        {!correcting ? (
          <CoordinatorPicker
            units={units}
            drafterPositionIds={drafterPositionIds}
            selected={coordinators}
            onChange={setCoordinators}
            requiredBy={kind?.coordinationRequired ?? doc?.kind.coordinationRequired ?? null}
            kindName={kind?.name ?? doc?.kind.name ?? ''}
            errors={fieldErrors('coordinatorPositionIds')}
          />
        ) : null}
        {correcting && doc?.actingFor?.considerationPasal ? (
          <ConsiderationField
            hint={`Anda bertindak ${CAPACITY_LABELS[doc.actingFor.capacity] ?? ''} ${doc.actingFor.principalTitle}. ${doc.actingFor.considerationPasal}: pertimbangan Anda dicatat dalam riwayat naskah.`}
            value={consideration}
            onChange={setConsideration}
          />
        ) : null}
        <ErrorMessage error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : correcting ? 'Simpan koreksi' : doc ? 'Simpan versi baru' : 'Simpan konsep'}
          </button>
          <Link to={doc ? `/naskah/${doc.id}` : '/kotak/in_progress'}>Batal</Link>
        </div>
        {!correcting ? (
          <p className="hint">Setelah disimpan, rute paraf dan tanda tangan yang diusulkan ditampilkan sebelum naskah diajukan.</p>
        ) : null}
      </form>
    </>
  );
}
