import { PositionNode, UnitNode } from '../api';

/** Paraf koordinasi: at most this many heads of other units (the API says the same). */
export const MAX_COORDINATORS = 5;

/**
 * Heads of units who may initial, except those on the drafter's own line (their unit, the units it
 * reports to or through, up to the head of the office): those initial by hierarchy or sign anyway.
 */
export function coordinatorCandidates(units: UnitNode[], drafterPositionIds: string[]): PositionNode[] {
  const all: Array<{ unit: UnitNode; parentId: string | null }> = [];
  const walk = (list: UnitNode[], parentId: string | null) =>
    list.forEach((u) => {
      all.push({ unit: u, parentId });
      walk(u.units, u.id);
    });
  walk(units, null);
  const byId = new Map(all.map((x) => [x.unit.id, x]));
  const line = new Set<string>();
  const queue = all.filter((x) => x.unit.positions.some((p) => drafterPositionIds.includes(p.id))).map((x) => x.unit.id);
  while (queue.length) {
    const id = queue.pop()!;
    const node = byId.get(id);
    if (!node || line.has(id)) continue;
    line.add(id);
    if (node.parentId) queue.push(node.parentId);
    if (node.unit.reportsViaUnitId) queue.push(node.unit.reportsViaUnitId);
  }
  return all.filter((x) => !line.has(x.unit.id)).flatMap((x) => x.unit.positions.filter((p) => p.isHead && p.authority.paraf));
}

export function CoordinatorPicker({
  units,
  drafterPositionIds,
  selected,
  onChange,
  requiredBy,
  kindName,
  errors,
}: {
  units: UnitNode[];
  drafterPositionIds: string[];
  selected: string[];
  onChange(ids: string[]): void;
  /** The citation when the kind requires paraf koordinasi. */
  requiredBy: string | null;
  kindName: string;
  errors: string[];
}) {
  const candidates = coordinatorCandidates(units, drafterPositionIds);
  const full = selected.length >= MAX_COORDINATORS;
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <fieldset
      className="unit-picker coordinators"
      aria-describedby="coordinators-hint"
      aria-invalid={errors.length ? true : undefined}
      data-testid="coordinators"
    >
      <legend>Paraf koordinasi {requiredBy ? '(wajib)' : '(tidak wajib)'}</legend>
      <p className="hint" id="coordinators-hint">
        {requiredBy ? (
          <>
            {kindName} wajib diparaf koordinasi oleh pimpinan unit lain yang terkait ({requiredBy}).{' '}
          </>
        ) : null}
        Pimpinan unit yang dipilih memaraf bersamaan (paralel) setelah pimpinan unit Anda, sebelum naskah naik ke atasan; paling banyak{' '}
        {MAX_COORDINATORS} pejabat.
      </p>
      {errors.length ? (
        <p className="field-error" role="alert">
          {errors.join('; ')}
        </p>
      ) : null}
      <ul>
        {candidates.map((p) => {
          const holder = p.holders[0];
          const checked = selected.includes(p.id);
          return (
            <li key={p.id}>
              <label>
                <input
                  type="checkbox"
                  name="coordinators"
                  value={p.id}
                  checked={checked}
                  disabled={!checked && full}
                  onChange={(e) => toggle(p.id, e.target.checked)}
                />{' '}
                <span>
                  {p.title}
                  {holder ? <span className="holder"> · {holder.titledName}</span> : <span className="holder"> · (kosong)</span>}
                </span>
              </label>
            </li>
          );
        })}
      </ul>
      {!candidates.length ? <p className="hint">Tidak ada pimpinan unit lain yang dapat dipilih.</p> : null}
    </fieldset>
  );
}
