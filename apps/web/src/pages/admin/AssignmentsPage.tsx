import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';
import { AdminOfficial, adminApi, Assignment, AssignmentKind, Chart, StuckStep } from '../../admin-api';
import { FieldError, invalidInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, Notice } from '../../components/Status';
import {
  ACTION_LABELS,
  ASSIGNMENT_KIND_HINTS,
  ASSIGNMENT_KIND_LABELS,
  CLASSIFICATION_LABELS,
  formatDateTime,
  formatDay,
  todayJakarta,
} from '../../format';
import { ChoiceField, FormError, TextField, useAdmin, useTitle } from './common';

const STRATEGIC_RULE = 'UU 30/2014 Pasal 14 ayat (7)';
const MAX_OFFICIAL_PAGES = 20;

/** Every official of the office (active ones), for the choices of the forms. */
async function allOfficials(orgId: string): Promise<AdminOfficial[]> {
  const out: AdminOfficial[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < MAX_OFFICIAL_PAGES; i++) {
    const page = await adminApi.officials(orgId, { active: true, cursor, limit: 100 });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}

/** Where an assignment stands today. */
function stateOf(a: Assignment, today: string): 'active' | 'upcoming' | 'ended' {
  if (a.inForce) return 'active';
  return a.validFrom.slice(0, 10) > today ? 'upcoming' : 'ended';
}
const STATE_LABELS = { active: 'Berlaku', upcoming: 'Akan berlaku', ended: 'Berakhir' } as const;

const positionChoices = (chart: Chart): Array<[string, string]> => {
  const unitName = new Map(chart.units.map((u) => [u.id, u.name]));
  return chart.positions.map((p) => [p.id, `${p.title} (${p.code})${p.isHead ? '' : ` · ${unitName.get(p.unitId) ?? ''}`}`]);
};
const officialChoices = (officials: AdminOfficial[]): Array<[string, string]> => officials.map((o) => [o.id, `${o.titledName} · NIP ${o.nip}`]);

function AssignmentItem({ a, today, onEnd }: { a: Assignment; today: string; onEnd?(): void }) {
  const state = stateOf(a, today);
  return (
    <li className={`assignment state-${state}`} data-testid="assignment">
      <p>
        <span className={`badge kind-${a.kind}`}>{ASSIGNMENT_KIND_LABELS[a.kind] ?? a.kind}</span> <strong>{a.positionTitle}</strong>:{' '}
        {a.officialName} (NIP <span className="nip">{a.officialNip}</span>)
      </p>
      <p className="meta">
        <span className={`badge assignment-${state}`}>{STATE_LABELS[state]}</span>
        <span>
          {formatDay(a.validFrom)}
          {a.validTo ? ` s.d. ${formatDay(a.validTo)}` : ' dan seterusnya'}
        </span>
        <span>{a.decreeRef ? `SK: ${a.decreeRef}` : 'SK tidak tercatat (data awal)'}</span>
      </p>
      {onEnd && state !== 'ended' ? (
        <button type="button" className="danger" onClick={onEnd} aria-label={`Akhiri penugasan ${a.officialName} sebagai ${a.positionTitle}`}>
          Akhiri
        </button>
      ) : null}
    </li>
  );
}

function EndDialog({ assignment, onClose, onDone }: { assignment: Assignment; onClose(): void; onDone(m: string): void }) {
  const [validTo, setValidTo] = useState(todayJakarta());
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);

  async function end(e: FormEvent) {
    e.preventDefault();
    if (!validTo) return setError(invalidInput([{ field: 'validTo', reasons: ['isi tanggal terakhir penugasan'] }]));
    setBusy(true);
    setError(null);
    try {
      await adminApi.updateAssignment(assignment.id, { validTo });
      onDone(`Penugasan ${assignment.officialName} sebagai ${assignment.positionTitle} berakhir ${formatDay(validTo)}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog titleId="end-dialog-title" title={`Akhiri penugasan ${assignment.officialName}`} initialFocus={first} busy={busy} onClose={onClose}>
      <form onSubmit={end} noValidate>
        <p>
          {ASSIGNMENT_KIND_LABELS[assignment.kind]} {assignment.positionTitle}, sejak {formatDay(assignment.validFrom)}.
        </p>
        <TextField
          id="end-valid-to"
          label="Hari terakhir"
          type="date"
          value={validTo}
          onChange={setValidTo}
          field="validTo"
          error={error}
          required
          inputRef={first}
        />
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="danger" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Akhiri penugasan'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** A new assignment: definitif, Plt. (vacant post) or Plh. (holder away), with its period and decree. */
function AssignForm({
  orgId,
  chart,
  officials,
  positionId,
  onDone,
}: {
  orgId: string;
  chart: Chart;
  officials: AdminOfficial[];
  positionId: string;
  onDone(m: string): void;
}) {
  const [officialId, setOfficialId] = useState('');
  const [position, setPosition] = useState(positionId);
  const [kind, setKind] = useState<AssignmentKind>('definitif');
  const [validFrom, setValidFrom] = useState(todayJakarta());
  const [validTo, setValidTo] = useState('');
  const [decreeRef, setDecreeRef] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setPosition(positionId), [positionId]);

  async function assign(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!officialId) problems.push({ field: 'officialId', reasons: ['pilih pegawai'] });
    if (!position) problems.push({ field: 'positionId', reasons: ['pilih jabatan'] });
    if (!validFrom) problems.push({ field: 'validFrom', reasons: ['isi tanggal mulai'] });
    if (kind !== 'definitif' && !validTo) problems.push({ field: 'validTo', reasons: [`wajib bagi ${ASSIGNMENT_KIND_LABELS[kind]}`] });
    if (validTo && validFrom && validTo < validFrom) problems.push({ field: 'validTo', reasons: ['tidak boleh sebelum tanggal mulai'] });
    if (!decreeRef.trim()) problems.push({ field: 'decreeRef', reasons: ['sebutkan nomor SK atau Surat Perintah penugasan'] });
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    try {
      const a = await adminApi.assign(orgId, {
        officialId,
        positionId: position,
        kind,
        validFrom,
        ...(validTo ? { validTo } : {}),
        decreeRef: decreeRef.trim(),
      });
      const who = officials.find((o) => o.id === officialId)?.name ?? a.officialName;
      onDone(`${who} ditugaskan sebagai ${kind === 'definitif' ? '' : `${ASSIGNMENT_KIND_LABELS[kind]} `}${a.positionTitle}.`);
      setOfficialId('');
      setValidTo('');
      setDecreeRef('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" id="tugaskan" onSubmit={assign} noValidate aria-labelledby="assign-title">
      <h2 id="assign-title">Penugasan baru</h2>
      <div className="grid">
        <ChoiceField
          id="assign-official"
          label="Pegawai"
          value={officialId}
          onChange={setOfficialId}
          field="officialId"
          error={error}
          options={officialChoices(officials)}
          empty="(pilih pegawai)"
        />
        <ChoiceField
          id="assign-position"
          label="Jabatan"
          value={position}
          onChange={setPosition}
          field="positionId"
          error={error}
          options={positionChoices(chart)}
          empty="(pilih jabatan)"
        />
        <ChoiceField
          id="assign-kind"
          label="Jenis penugasan"
          value={kind}
          onChange={(v) => setKind(v as AssignmentKind)}
          field="kind"
          error={error}
          options={Object.entries(ASSIGNMENT_KIND_HINTS)}
        />
        <TextField
          id="assign-decree"
          label="Nomor SK / Surat Perintah"
          value={decreeRef}
          onChange={setDecreeRef}
          field="decreeRef"
          error={error}
          required
          maxLength={200}
          placeholder="mis. 800.1.3.3/123/DKUM/2026"
        />
        <TextField id="assign-from" label="Mulai" type="date" value={validFrom} onChange={setValidFrom} field="validFrom" error={error} required />
        <TextField
          id="assign-to"
          label="Sampai"
          type="date"
          value={validTo}
          onChange={setValidTo}
          field="validTo"
          error={error}
          required={kind !== 'definitif'}
          hint={kind === 'definitif' ? 'Kosongkan bila tanpa batas' : `Wajib bagi ${ASSIGNMENT_KIND_LABELS[kind]}`}
        />
      </div>
      {kind !== 'definitif' ? (
        <p className="rule" data-testid="acting-rule">
          {ASSIGNMENT_KIND_LABELS[kind]} tidak dapat menandatangani naskah dinas jenis strategis (yang mengubah organisasi, kepegawaian atau
          anggaran): {STRATEGIC_RULE}.
        </p>
      ) : null}
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Tugaskan'}
      </button>
    </form>
  );
}

/** Mutasi: an official moves to another post; steps waiting at the old post stay with it, for its next holder. */
function TransferForm({ chart, officials, onDone }: { chart: Chart; officials: AdminOfficial[]; onDone(m: string): void }) {
  const [officialId, setOfficialId] = useState('');
  const [toPositionId, setToPositionId] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState(todayJakarta());
  const [decreeRef, setDecreeRef] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function transfer(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!officialId) problems.push({ field: 'officialId', reasons: ['pilih pegawai'] });
    if (!toPositionId) problems.push({ field: 'toPositionId', reasons: ['pilih jabatan baru'] });
    if (!effectiveFrom) problems.push({ field: 'effectiveFrom', reasons: ['isi tanggal berlaku'] });
    if (!decreeRef.trim()) problems.push({ field: 'decreeRef', reasons: ['sebutkan nomor SK mutasi'] });
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    try {
      await adminApi.transfer(officialId, { toPositionId, effectiveFrom, decreeRef: decreeRef.trim() });
      const who = officials.find((o) => o.id === officialId)?.name ?? '';
      const to = chart.positions.find((p) => p.id === toPositionId)?.title ?? '';
      onDone(`${who} dimutasi ke ${to} mulai ${formatDay(effectiveFrom)}.`);
      setOfficialId('');
      setToPositionId('');
      setDecreeRef('');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="admin-form" onSubmit={transfer} noValidate aria-labelledby="transfer-title">
      <h2 id="transfer-title">Mutasi</h2>
      <p className="hint">
        Penugasan definitif pegawai di jabatan lamanya berakhir sehari sebelum tanggal berlaku. Naskah yang menunggu di jabatan lama tetap di jabatan
        itu dan berpindah kepada pemangku barunya.
      </p>
      <div className="grid">
        <ChoiceField
          id="transfer-official"
          label="Pegawai"
          value={officialId}
          onChange={setOfficialId}
          field="officialId"
          error={error}
          options={officialChoices(officials)}
          empty="(pilih pegawai)"
        />
        <ChoiceField
          id="transfer-position"
          label="Jabatan baru"
          value={toPositionId}
          onChange={setToPositionId}
          field="toPositionId"
          error={error}
          options={positionChoices(chart)}
          empty="(pilih jabatan)"
        />
        <TextField
          id="transfer-from"
          label="Berlaku mulai"
          type="date"
          value={effectiveFrom}
          onChange={setEffectiveFrom}
          field="effectiveFrom"
          error={error}
          required
        />
        <TextField
          id="transfer-decree"
          label="Nomor SK mutasi"
          value={decreeRef}
          onChange={setDecreeRef}
          field="decreeRef"
          error={error}
          required
          maxLength={200}
        />
      </div>
      <FormError error={error} />
      <button type="submit" className="primary" disabled={busy}>
        {busy ? 'Menyimpan…' : 'Mutasikan'}
      </button>
    </form>
  );
}

function StuckSteps({ steps, onAssign }: { steps: StuckStep[]; onAssign(positionId: string): void }) {
  return (
    <section aria-labelledby="stuck-title" data-testid="stuck-steps">
      <h2 id="stuck-title">Langkah tertahan</h2>
      <p className="hint">
        Naskah yang menunggu di jabatan tanpa pemangku hari ini. Tugaskan pejabat (definitif, Plt. atau Plh.) dan langkahnya berpindah kepadanya.
      </p>
      {steps.length ? (
        <ul className="stuck">
          {steps.map((s) => (
            <li key={`${s.documentId}-${s.round}-${s.stepOrder}`} data-testid="stuck-step">
              <p>
                <strong>
                  {s.subject ?? `${s.kindName} (${CLASSIFICATION_LABELS[s.classification] ?? s.classification}; hal tidak ditampilkan)`}
                </strong>
              </p>
              <p className="meta">
                <span>{s.kindName}</span>
                <span>
                  Menunggu {ACTION_LABELS[s.action]?.toLowerCase() ?? s.action} {s.positionTitle}
                </span>
                {s.waitingSince ? <span>sejak {formatDateTime(s.waitingSince)}</span> : null}
              </p>
              <button type="button" className="link" onClick={() => onAssign(s.positionId)}>
                Tugaskan pejabat untuk {s.positionTitle}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="empty">Tidak ada langkah yang tertahan.</p>
      )}
    </section>
  );
}

/** Penugasan: who holds which post (definitif, Plt., Plh.), new assignments, their end, mutasi, steps waiting at an empty post. */
export function AssignmentsPage() {
  const { orgId } = useAdmin();
  const [params, setParams] = useSearchParams();
  const positionFilter = params.get('jabatan') ?? '';
  const [chart, setChart] = useState<Chart | null>(null);
  const [officials, setOfficials] = useState<AdminOfficial[]>([]);
  const [assignments, setAssignments] = useState<Assignment[] | null>(null);
  const [stuck, setStuck] = useState<StuckStep[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [ending, setEnding] = useState<Assignment | null>(null);
  const today = todayJakarta();
  useTitle('Penugasan');

  const load = useCallback(async () => {
    try {
      const [c, o, a, s] = await Promise.all([adminApi.chart(orgId), allOfficials(orgId), adminApi.assignments(orgId), adminApi.stuckSteps(orgId)]);
      setChart(c);
      setOfficials(o);
      setAssignments(a);
      setStuck(s);
    } catch (e) {
      setError(e);
    }
  }, [orgId]);
  useEffect(() => void load(), [load]);

  if (!chart || !assignments || !stuck) return error ? <ErrorMessage error={error} /> : <Loading />;
  const done = (m: string) => {
    setEnding(null);
    setMessage(m);
    void load();
  };
  const shown = assignments
    .filter((a) => !positionFilter || a.positionId === positionFilter)
    .sort((a, b) => stateOrder(a, today) - stateOrder(b, today) || a.positionTitle.localeCompare(b.positionTitle));

  return (
    <>
      <Notice message={message} />
      <ErrorMessage error={error} />
      <StuckSteps
        steps={stuck}
        onAssign={(id) => {
          setParams({ jabatan: id });
          document.getElementById('assign-official')?.focus();
        }}
      />
      <AssignForm orgId={orgId} chart={chart} officials={officials} positionId={positionFilter} onDone={done} />
      <section aria-labelledby="assignments-title">
        <h2 id="assignments-title">Penugasan</h2>
        <div className="filters">
          <ChoiceField
            id="assignment-filter"
            label="Tampilkan jabatan"
            value={positionFilter}
            onChange={(v) => setParams(v ? { jabatan: v } : {})}
            options={positionChoices(chart)}
            empty="(semua jabatan)"
          />
        </div>
        {shown.length ? null : <p className="empty">Tidak ada penugasan.</p>}
        <ul className="assignments">
          {shown.map((a) => (
            <AssignmentItem key={a.id} a={a} today={today} onEnd={() => (setMessage(null), setEnding(a))} />
          ))}
        </ul>
      </section>
      <TransferForm chart={chart} officials={officials} onDone={done} />
      {ending ? <EndDialog assignment={ending} onClose={() => setEnding(null)} onDone={done} /> : null}
    </>
  );
}

const stateOrder = (a: Assignment, today: string) => ({ active: 0, upcoming: 1, ended: 2 })[stateOf(a, today)];
