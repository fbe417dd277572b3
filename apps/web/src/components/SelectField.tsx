/** A labelled choice: the label names the control alone (htmlFor), whatever option is chosen. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  empty,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange(value: string): void;
  options: Array<[value: string, text: string]>;
  /** An option meaning "none", listed first. */
  empty?: string;
  disabled?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} disabled={disabled}>
        {empty !== undefined ? <option value="">{empty}</option> : null}
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}
