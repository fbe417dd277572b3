import { ReactNode } from 'react';

/** The deputy's written consideration (where the office's rules ask for it), with the rule it rests on in the hint. */
export function ConsiderationField(props: { hint: ReactNode; value: string; onChange: (value: string) => void }) {
  return (
    <>
      <label htmlFor="consideration">Pertimbangan skala prioritas, urgensi dan etika birokrasi (wajib)</label>
      <p className="hint" id="consideration-hint">
        {props.hint}
      </p>
      <textarea
        id="consideration"
        aria-describedby="consideration-hint"
        value={props.value}
        onChange={(e) => props.onChange(e.target.value)}
        rows={3}
        maxLength={2000}
        required
      />
    </>
  );
}
