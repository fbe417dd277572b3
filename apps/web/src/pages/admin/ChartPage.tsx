import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import {
  adminApi,
  AuthorityFlags,
  Chart,
  ChartPosition,
  ChartUnit,
  Level,
  NewPosition,
  NewUnit,
  PositionFields,
  TndKey,
  UnitKind,
} from '../../admin-api';
import { FieldError, invalidInput } from '../../api';
import { Dialog } from '../../components/Dialog';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading, Notice } from '../../components/Status';
import { ASSIGNMENT_KIND_LABELS, AUTHORITY_LABELS, LEVEL_LABELS, TND_LABELS, UNIT_KIND_LABELS } from '../../format';
import { Check, ChoiceField, FormError, optional, TextField, useAdmin, useTitle } from './common';

const FLAGS = Object.keys(AUTHORITY_LABELS) as Array<keyof AuthorityFlags>;
const NO_AUTHORITY: AuthorityFlags = { check: false, return: false, paraf: false, sign: false };
const byOrder = <T extends { sortOrder: number }>(a: T, b: T) => a.sortOrder - b.sortOrder;

/** The units below one, in their order. */
const childrenOf = (chart: Chart, parentId: string | null) => chart.units.filter((u) => u.parentId === parentId).sort(byOrder);

/** A unit and everything under it: never its own parent. */
function subtree(chart: Chart, unitId: string): Set<string> {
  const out = new Set([unitId]);
  for (let grew = true; grew;) {
    grew = false;
    for (const u of chart.units)
      if (u.parentId && out.has(u.parentId) && !out.has(u.id)) {
        out.add(u.id);
        grew = true;
      }
  }
  return out;
}

/** Units as a flat list indented by depth, for a choice of unit. */
function unitOptions(chart: Chart, exclude = new Set<string>()): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const walk = (parentId: string | null, depth: number) => {
    for (const u of childrenOf(chart, parentId)) {
      if (exclude.has(u.id)) continue;
      out.push([u.id, `${'— '.repeat(depth)}${u.name}`]);
      walk(u.id, depth + 1);
    }
  };
  walk(null, 0);
  return out;
}

function Authority({ p }: { p: ChartPosition }) {
  const flags = FLAGS.filter((f) => p.authority[f]);
  if (!flags.length) return <p className="hint">Tanpa kewenangan atas naskah dinas (menyusun konsep).</p>;
  return (
    <>
      <p className="badges">
        {flags.map((f) => (
          <span key={f} className={`badge authority-${f}`}>
            {AUTHORITY_LABELS[f]}
          </span>
        ))}
      </p>
      <p className="hint basis">Dasar: {p.authorityBasis}</p>
    </>
  );
}

function PositionItem({
  p,
  citation,
  onEdit,
  onRemove,
  busy,
}: {
  p: ChartPosition;
  citation: string;
  onEdit(): void;
  onRemove(): void;
  busy: boolean;
}) {
  return (
    <li className="position" data-testid={`position-${p.code}`}>
      <p className="position-title">
        <strong>{p.title}</strong> <span className="code">{p.code}</span>
      </p>
      <p className="meta">
        <span>
          Jenjang {p.level}: {p.levelName || LEVEL_LABELS[p.level]}
        </span>
        {p.isHead ? <span className="badge head">Pimpinan unit</span> : null}
        {p.pasal ? (
          <span>
            Jabatan: {citation} {p.pasal}
          </span>
        ) : null}
      </p>
      <Authority p={p} />
      <p className="holders" data-testid="holders">
        <span className="label-inline">Pemangku:</span>{' '}
        {p.holders.length ? (
          p.holders.map((h, i) => (
            <span key={`${h.officialId}-${h.kind}`} className="holder">
              {i ? ', ' : ''}
              {h.kind !== 'definitif' ? <span className="badge capacity">{ASSIGNMENT_KIND_LABELS[h.kind] ?? h.kind}</span> : null} {h.titledName}
            </span>
          ))
        ) : (
          <span className="badge vacant">Lowong</span>
        )}
      </p>
      {p.signs.length ? <p className="hint">Menandatangani: {p.signs.map((s) => s.kindName).join(', ')}</p> : null}
      <div className="buttons">
        <button type="button" onClick={onEdit} aria-label={`Ubah jabatan ${p.title}`} disabled={busy}>
          Ubah
        </button>
        <button type="button" className="danger" onClick={onRemove} aria-label={`Hapus jabatan ${p.title}`} disabled={busy}>
          Hapus
        </button>
      </div>
    </li>
  );
}

type Editing = { type: 'position'; unitId: string; position?: ChartPosition } | { type: 'unit'; parentId: string | null; unit?: ChartUnit };

function UnitBranch({
  unit,
  chart,
  citation,
  depth,
  edit,
  remove,
  busy,
}: {
  unit: ChartUnit;
  chart: Chart;
  /** How the organisation's regulation is cited before a Pasal. */
  citation: string;
  depth: number;
  edit(e: Editing): void;
  remove(what: ChartUnit | ChartPosition): void;
  busy: boolean;
}) {
  const Heading = `h${Math.min(depth + 2, 6)}` as 'h2';
  const positions = chart.positions
    .filter((p) => p.unitId === unit.id)
    .sort((a, b) => Number(b.isHead) - Number(a.isHead) || a.sortOrder - b.sortOrder);
  const via = unit.reportsViaUnitId ? chart.units.find((u) => u.id === unit.reportsViaUnitId) : undefined;
  const children = childrenOf(chart, unit.id);
  return (
    <li className="unit" data-testid={`unit-${unit.code}`}>
      <div className="unit-card">
        <Heading className="unit-name">
          {unit.name} <span className="code">{unit.code}</span>
        </Heading>
        <p className="meta">
          <span>{UNIT_KIND_LABELS[unit.kind] ?? unit.kind}</span>
          <span>
            Dasar: {citation} {unit.pasal}
          </span>
        </p>
        {via ? (
          <p className="hint">
            Pimpinannya melapor melalui {via.name}
            {unit.reportsViaPasal ? ` (${citation} ${unit.reportsViaPasal})` : ''}.
          </p>
        ) : null}
        <ul className="positions">
          {positions.map((p) => (
            <PositionItem
              key={p.id}
              p={p}
              citation={citation}
              busy={busy}
              onEdit={() => edit({ type: 'position', unitId: unit.id, position: p })}
              onRemove={() => remove(p)}
            />
          ))}
        </ul>
        <div className="buttons">
          <button
            type="button"
            onClick={() => edit({ type: 'position', unitId: unit.id })}
            aria-label={`Tambah jabatan di ${unit.name}`}
            disabled={busy}
          >
            Tambah jabatan
          </button>
          <button
            type="button"
            onClick={() => edit({ type: 'unit', parentId: unit.id })}
            aria-label={`Tambah unit di bawah ${unit.name}`}
            disabled={busy}
          >
            Tambah unit
          </button>
          <button
            type="button"
            onClick={() => edit({ type: 'unit', parentId: unit.parentId, unit })}
            aria-label={`Ubah unit ${unit.name}`}
            disabled={busy}
          >
            Ubah unit
          </button>
          {unit.parentId ? (
            <button type="button" className="danger" onClick={() => remove(unit)} aria-label={`Hapus unit ${unit.name}`} disabled={busy}>
              Hapus unit
            </button>
          ) : null}
        </div>
      </div>
      {children.length ? (
        <ul className="units">
          {children.map((c) => (
            <UnitBranch key={c.id} unit={c} chart={chart} citation={citation} depth={depth + 1} edit={edit} remove={remove} busy={busy} />
          ))}
        </ul>
      ) : null}
    </li>
  );
}

interface PositionDraft {
  code: string;
  title: string;
  level: string;
  isHead: boolean;
  authority: AuthorityFlags;
  authorityPasal: string;
  pasal: string;
  tataNaskahDinas: TndKey[];
}

const draftOf = (p?: ChartPosition): PositionDraft => ({
  code: p?.code ?? '',
  title: p?.title ?? '',
  level: String(p?.level ?? 4),
  isHead: p?.isHead ?? false,
  authority: { ...NO_AUTHORITY, ...p?.authority },
  authorityPasal: p?.authorityPasal ?? '',
  pasal: p?.pasal ?? '',
  tataNaskahDinas: p?.tataNaskahDinas ?? [],
});

function positionProblems(d: PositionDraft, prefix = ''): FieldError[] {
  const out: FieldError[] = [];
  if (!d.code.trim()) out.push({ field: `${prefix}code`, reasons: ['wajib diisi'] });
  if (!d.title.trim()) out.push({ field: `${prefix}title`, reasons: ['wajib diisi'] });
  if (FLAGS.some((f) => d.authority[f]) && !d.authorityPasal.trim())
    out.push({ field: `${prefix}authorityPasal`, reasons: ['sebutkan Pasal yang memberikan kewenangan itu'] });
  return out;
}

const fieldsOf = (d: PositionDraft): PositionFields => ({
  code: d.code.trim().toUpperCase(),
  title: d.title.trim(),
  level: Number(d.level) as Level,
  authority: d.authority,
  authorityPasal: optional(d.authorityPasal),
  pasal: optional(d.pasal),
  tataNaskahDinas: d.tataNaskahDinas,
});

/** The fields of a position: code, title, level, what it may do with a draft and the Pasal that says so. */
function PositionInputs({
  d,
  set,
  error,
  prefix,
  idPrefix,
}: {
  d: PositionDraft;
  set(d: PositionDraft): void;
  error: unknown;
  prefix: string;
  idPrefix: string;
}) {
  return (
    <>
      <div className="grid">
        <TextField
          id={`${idPrefix}-code`}
          label="Kode jabatan"
          value={d.code}
          onChange={(v) => set({ ...d, code: v })}
          field={`${prefix}code`}
          error={error}
          required
          maxLength={32}
          hint="Huruf kapital dan angka, mis. UMPEG-PRANATA"
        />
        <ChoiceField
          id={`${idPrefix}-level`}
          label="Jenjang"
          value={d.level}
          onChange={(v) => set({ ...d, level: v })}
          field={`${prefix}level`}
          error={error}
          options={Object.entries(LEVEL_LABELS).map(([k, v]) => [k, `${k}: ${v}`])}
        />
      </div>
      <TextField
        id={`${idPrefix}-title`}
        label="Nama jabatan"
        value={d.title}
        onChange={(v) => set({ ...d, title: v })}
        field={`${prefix}title`}
        error={error}
        required
        maxLength={200}
      />
      <TextField
        id={`${idPrefix}-pasal`}
        label="Pasal jabatan"
        value={d.pasal}
        onChange={(v) => set({ ...d, pasal: v })}
        field={`${prefix}pasal`}
        error={error}
        maxLength={200}
        hint="Pasal yang menetapkan jabatan ini, mis. Pasal 16 ayat (1)"
      />
      <fieldset>
        <legend>Kewenangan atas naskah dinas</legend>
        <div className="checks">
          {FLAGS.map((f) => (
            <Check
              key={f}
              id={`${idPrefix}-${f}`}
              label={AUTHORITY_LABELS[f]}
              checked={d.authority[f]}
              onChange={(v) => set({ ...d, authority: { ...d.authority, [f]: v } })}
            />
          ))}
        </div>
        <TextField
          id={`${idPrefix}-authority-pasal`}
          label="Pasal kewenangan"
          value={d.authorityPasal}
          onChange={(v) => set({ ...d, authorityPasal: v })}
          field={`${prefix}authorityPasal`}
          error={error}
          maxLength={300}
          hint="Wajib bila ada kewenangan: Pasal, ayat dan huruf peraturan organisasi ini yang memberikannya, mis. Pasal 5 ayat (3) huruf g"
        />
        <p className="label">Juga bersandar pada Tata Naskah Dinas</p>
        <div className="checks">
          {(Object.keys(TND_LABELS) as TndKey[]).map((k) => (
            <Check
              key={k}
              id={`${idPrefix}-tnd-${k}`}
              label={TND_LABELS[k]}
              checked={d.tataNaskahDinas.includes(k)}
              onChange={(v) => set({ ...d, tataNaskahDinas: v ? [...d.tataNaskahDinas, k] : d.tataNaskahDinas.filter((x) => x !== k) })}
            />
          ))}
        </div>
      </fieldset>
    </>
  );
}

function PositionDialog({
  orgId,
  chart,
  unitId,
  position,
  onClose,
  onSaved,
}: {
  orgId: string;
  chart: Chart;
  unitId: string;
  position?: ChartPosition;
  onClose(): void;
  onSaved(message: string): void;
}) {
  const [d, setD] = useState(draftOf(position));
  const [unit, setUnit] = useState(unitId);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLSelectElement>(null);
  const unitName = chart.units.find((u) => u.id === unit)?.name ?? '';

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems = positionProblems(d);
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    try {
      const body: NewPosition = { ...fieldsOf(d), unitId: unit, isHead: d.isHead };
      if (position) await adminApi.updatePosition(orgId, position.id, body);
      else await adminApi.createPosition(orgId, body);
      onSaved(position ? `Jabatan ${body.title} disimpan.` : `Jabatan ${body.title} ditambahkan di ${unitName}.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Dialog
      titleId="position-dialog-title"
      title={position ? `Ubah jabatan ${position.title}` : `Tambah jabatan di ${unitName}`}
      initialFocus={first}
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={save} noValidate>
        <div className="field">
          <label htmlFor="position-unit">Unit</label>
          <select id="position-unit" ref={first} value={unit} onChange={(e) => setUnit(e.target.value)}>
            {unitOptions(chart).map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        </div>
        <PositionInputs d={d} set={setD} error={error} prefix="" idPrefix="position" />
        <Check id="position-head" label="Pimpinan unit (satu per unit)" checked={d.isHead} onChange={(v) => setD({ ...d, isHead: v })} />
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : position ? 'Simpan jabatan' : 'Tambah jabatan'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

function UnitDialog({
  orgId,
  chart,
  parentId,
  unit,
  onClose,
  onSaved,
}: {
  orgId: string;
  chart: Chart;
  parentId: string | null;
  unit?: ChartUnit;
  onClose(): void;
  onSaved(message: string): void;
}) {
  const [code, setCode] = useState(unit?.code ?? '');
  const [name, setName] = useState(unit?.name ?? '');
  const [kind, setKind] = useState<UnitKind>(unit?.kind ?? 'subbagian');
  const [pasal, setPasal] = useState(unit?.pasal ?? '');
  const [parent, setParent] = useState(parentId ?? '');
  const [via, setVia] = useState(unit?.reportsViaUnitId ?? '');
  const [viaPasal, setViaPasal] = useState(unit?.reportsViaPasal ?? '');
  const [head, setHead] = useState<PositionDraft>({ ...draftOf(), level: '3', isHead: true });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const first = useRef<HTMLInputElement>(null);
  const needsHead = !unit && kind !== 'kelompok-fungsional';
  const exclude = unit ? subtree(chart, unit.id) : new Set<string>();

  async function save(e: FormEvent) {
    e.preventDefault();
    const problems: FieldError[] = [];
    if (!code.trim()) problems.push({ field: 'code', reasons: ['wajib diisi'] });
    if (!name.trim()) problems.push({ field: 'name', reasons: ['wajib diisi'] });
    if (!pasal.trim()) problems.push({ field: 'pasal', reasons: ['sebutkan Pasal yang membentuk unit ini'] });
    if (unit?.parentId !== null && !parent) problems.push({ field: 'parentId', reasons: ['pilih unit induk'] });
    if (via && !viaPasal.trim()) problems.push({ field: 'reportsViaPasal', reasons: ['sebutkan Pasal yang mengatur jalur pelaporan ini'] });
    if (needsHead) problems.push(...positionProblems(head, 'head.'));
    if (problems.length) return setError(invalidInput(problems));
    setBusy(true);
    setError(null);
    try {
      if (unit) {
        await adminApi.updateUnit(orgId, unit.id, {
          code: code.trim().toUpperCase(),
          name: name.trim(),
          kind,
          pasal: pasal.trim(),
          ...(unit.parentId ? { parentId: parent } : {}),
          reportsViaUnitId: via || null,
          reportsViaPasal: via ? viaPasal.trim() : null,
        });
      } else {
        const body: NewUnit = {
          code: code.trim().toUpperCase(),
          name: name.trim(),
          kind,
          pasal: pasal.trim(),
          parentId: parent,
          ...(via ? { reportsViaUnitId: via, reportsViaPasal: viaPasal.trim() } : {}),
          ...(needsHead ? { head: fieldsOf(head) } : {}),
        };
        await adminApi.createUnit(orgId, body);
      }
      onSaved(unit ? `Unit ${name.trim()} disimpan.` : `Unit ${name.trim()} ditambahkan.`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const parentName = chart.units.find((u) => u.id === parentId)?.name;
  return (
    <Dialog
      titleId="unit-dialog-title"
      title={unit ? `Ubah unit ${unit.name}` : `Tambah unit di bawah ${parentName ?? ''}`}
      initialFocus={first}
      busy={busy}
      onClose={onClose}
    >
      <form onSubmit={save} noValidate>
        <TextField
          id="unit-code"
          label="Kode unit"
          value={code}
          onChange={setCode}
          field="code"
          error={error}
          required
          maxLength={32}
          hint="Dipakai dalam nomor naskah, mis. UMPEG"
          inputRef={first}
        />
        <TextField id="unit-name" label="Nama unit" value={name} onChange={setName} field="name" error={error} required maxLength={200} />
        <div className="grid">
          <ChoiceField
            id="unit-kind"
            label="Jenis unit"
            value={kind}
            onChange={(v) => setKind(v as UnitKind)}
            field="kind"
            error={error}
            options={Object.entries(UNIT_KIND_LABELS)}
          />
          <TextField
            id="unit-pasal"
            label="Pasal pembentukan"
            value={pasal}
            onChange={setPasal}
            field="pasal"
            error={error}
            required
            maxLength={200}
            hint="mis. Pasal 4 ayat (5) huruf a; Pasal 5"
          />
        </div>
        {unit?.parentId !== null ? (
          <ChoiceField
            id="unit-parent"
            label="Unit induk"
            value={parent}
            onChange={setParent}
            field="parentId"
            error={error}
            options={unitOptions(chart, exclude)}
            empty="(pilih unit induk)"
          />
        ) : null}
        <div className="grid">
          <ChoiceField
            id="unit-via"
            label="Pimpinan melapor melalui"
            value={via}
            onChange={setVia}
            field="reportsViaUnitId"
            error={error}
            options={unitOptions(chart, exclude)}
            empty="(langsung kepada pimpinan unit induk)"
          />
          <TextField
            id="unit-via-pasal"
            label="Pasal jalur pelaporan"
            value={viaPasal}
            onChange={setViaPasal}
            field="reportsViaPasal"
            error={error}
            maxLength={200}
            hint="Wajib bila melapor melalui unit lain, mis. Pasal 3 ayat (3)"
          />
        </div>
        {needsHead ? (
          <fieldset className="head">
            <legend>Pimpinan unit</legend>
            <PositionInputs d={head} set={setHead} error={error} prefix="head." idPrefix="unit-head" />
          </fieldset>
        ) : null}
        <FormError error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : unit ? 'Simpan unit' : 'Tambah unit'}
          </button>
          <button type="button" onClick={onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}

/** Struktur: the unit tree with its positions, their authority and its Pasal, who holds them today; units and positions edited. */
export function ChartPage() {
  const { orgId } = useAdmin();
  const [chart, setChart] = useState<Chart | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [editing, setEditing] = useState<Editing | null>(null);
  const [busy, setBusy] = useState(false);
  const [citation, setCitation] = useState<string | null>(null);
  useTitle('Struktur organisasi');

  const load = useCallback(async () => {
    try {
      setChart(await adminApi.chart(orgId));
    } catch (e) {
      setLoadError(e);
    }
  }, [orgId]);
  useEffect(() => void load(), [load]);
  useEffect(() => {
    adminApi.organization(orgId).then((o) => setCitation(o.regulationCitation), setLoadError);
  }, [orgId]);

  async function remove(what: ChartUnit | ChartPosition) {
    const isUnit = 'kind' in what;
    const name = isUnit ? what.name : what.title;
    if (!window.confirm(`Hapus ${isUnit ? 'unit' : 'jabatan'} ${name}?`)) return;
    setBusy(true);
    setError(null);
    setMessage(null);
    try {
      if (isUnit) await adminApi.removeUnit(orgId, what.id);
      else await adminApi.removePosition(orgId, what.id);
      setMessage(`${isUnit ? 'Unit' : 'Jabatan'} ${name} dihapus.`);
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!chart || citation === null) return loadError ? <ErrorMessage error={loadError} /> : <Loading />;
  const saved = (m: string) => {
    setEditing(null);
    setMessage(m);
    setError(null);
    void load();
  };
  return (
    <>
      <p className="hint">
        Setiap kewenangan tercantum bersama Pasal dasarnya. Naskah yang sedang berjalan tidak berubah rute bila struktur diubah; langkah yang
        jabatannya kehilangan pemangku tampil di Penugasan sebagai langkah tertahan.
      </p>
      <Notice message={message} />
      <FormError error={error} />
      <ul className="units tree">
        {childrenOf(chart, null).map((u) => (
          <UnitBranch
            key={u.id}
            unit={u}
            chart={chart}
            citation={citation}
            depth={0}
            edit={(e) => (setMessage(null), setEditing(e))}
            remove={(w) => void remove(w)}
            busy={busy}
          />
        ))}
      </ul>
      {editing?.type === 'position' ? (
        <PositionDialog
          orgId={orgId}
          chart={chart}
          unitId={editing.unitId}
          position={editing.position}
          onClose={() => setEditing(null)}
          onSaved={saved}
        />
      ) : null}
      {editing?.type === 'unit' ? (
        <UnitDialog orgId={orgId} chart={chart} parentId={editing.parentId} unit={editing.unit} onClose={() => setEditing(null)} onSaved={saved} />
      ) : null}
    </>
  );
}
