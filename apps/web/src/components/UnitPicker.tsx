import { UnitNode } from '../api';

/** Units of the organisation as a tree of checkboxes (recipients or tembusan). */
export function UnitPicker({
  legend,
  name,
  units,
  selected,
  onChange,
  hint,
}: {
  legend: string;
  name: string;
  units: UnitNode[];
  selected: string[];
  onChange(ids: string[]): void;
  hint?: string;
}) {
  const toggle = (id: string, on: boolean) => onChange(on ? [...selected, id] : selected.filter((s) => s !== id));
  const render = (list: UnitNode[]) => (
    <ul>
      {list
        .filter((u) => u.kind !== 'kelompok-fungsional')
        .map((u) => (
          <li key={u.id}>
            <label>
              <input type="checkbox" name={name} value={u.id} checked={selected.includes(u.id)} onChange={(e) => toggle(u.id, e.target.checked)} />{' '}
              {u.name}
            </label>
            {u.units.length ? render(u.units) : null}
          </li>
        ))}
    </ul>
  );
  return (
    <fieldset className="unit-picker">
      <legend>{legend}</legend>
      {hint ? <p className="hint">{hint}</p> : null}
      {render(units)}
    </fieldset>
  );
}
