import { FormEvent, useCallback, useEffect, useMemo, useState } from 'react';
import { api, Delegation, invalidInput, NewDelegation, PositionNode, UnitNode } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { SelectField } from '../components/SelectField';
import { DELEGATION_STATE_LABELS, formatDateTime, REASON_LABELS } from '../format';
import { useMe, useSession } from '../session';
import { Notice } from '../components/Status';

const PASAL_29 = 'Perwako Cilegon 18/2022 Pasal 29';

/** Every head position of the organisation with the unit it leads. */
function headPositions(units: UnitNode[]): Array<PositionNode & { unitName: string }> {
  return units.flatMap((u) => [...u.positions.filter((p) => p.isHead).map((p) => ({ ...p, unitName: u.name })), ...headPositions(u.units)]);
}

/** `YYYY-MM-DDTHH:mm` in local time, the value a datetime-local input holds. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function DelegationRow({ d, onRevoke, busy }: { d: Delegation; onRevoke?(): void; busy: boolean }) {
  return (
    <li className={`delegation state-${d.state}`}>
      <p>
        <strong>{d.deputy.positionTitle}</strong> ({d.deputy.name}) mewakili <strong>{d.principal.positionTitle}</strong> ({d.principal.name})
      </p>
      <p className="meta">
        <span className={`badge delegation-${d.state}`}>{DELEGATION_STATE_LABELS[d.state]}</span> {formatDateTime(d.validFrom)} s.d.{' '}
        {formatDateTime(d.validTo)} · {REASON_LABELS[d.reason] ?? d.reason}
        {d.note ? ` · ${d.note}` : ''}
      </p>
      {onRevoke ? (
        <button type="button" className="danger" onClick={onRevoke} disabled={busy}>
          Cabut
        </button>
      ) : null}
    </li>
  );
}

/** Appoint, see and revoke deputies (Hal Mewakili). */
export function DelegationsPage() {
  const me = useMe();
  const { refresh } = useSession();
  const [list, setList] = useState<Delegation[] | null>(null);
  const [units, setUnits] = useState<UnitNode[]>([]);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const isAdmin = me.roles.includes('admin');
  const [principalId, setPrincipalId] = useState(me.positions.find((p) => p.level <= 3)?.positionId ?? '');
  const [deputyId, setDeputyId] = useState('');
  const [validFrom, setValidFrom] = useState(localInput(new Date()));
  const [validTo, setValidTo] = useState(localInput(new Date(Date.now() + 5 * 24 * 3600_000)));
  const [reason, setReason] = useState<NewDelegation['reason']>('dinas_luar');
  const [note, setNote] = useState('');

  const load = useCallback(async () => {
    try {
      setList(await api.delegations());
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    document.title = 'Perwakilan · Naskah Dinas';
    void load();
    api.units(me.organization.id).then(setUnits, setError);
  }, [load, me.organization.id]);

  const heads = useMemo(() => headPositions(units), [units]);
  // Levels 1-3 lead a unit and may appoint (Pasal 29); an administrator appoints for any of them.
  const principals = isAdmin ? heads.map((p) => ({ positionId: p.id, title: p.title })) : me.positions.filter((p) => p.level <= 3);
  useEffect(() => {
    if (!principalId && principals.length) setPrincipalId(principals[0].positionId);
  }, [principalId, principals]);
  const principal = heads.find((p) => p.id === principalId);
  // Pasal 29: one level below the principal; the API also checks that the deputy is in the principal's line.
  const candidates = principal ? heads.filter((p) => p.level === principal.level + 1 && p.holders.length) : [];

  async function appoint(e: FormEvent) {
    e.preventDefault();
    const missing: Array<{ field: string; reasons: string[] }> = [];
    if (!principalId) missing.push({ field: 'principalPositionId', reasons: ['pilih jabatan yang diwakili'] });
    if (!deputyId) missing.push({ field: 'deputyPositionId', reasons: ['pilih wakil'] });
    if (!validFrom || !validTo) missing.push({ field: 'validTo', reasons: ['isi masa perwakilan'] });
    if (missing.length) {
      setFormError(invalidInput(missing));
      return;
    }
    setBusy(true);
    setFormError(null);
    setMessage(null);
    try {
      const d = await api.appoint({
        principalPositionId: principalId,
        deputyPositionId: deputyId,
        validFrom: new Date(validFrom).toISOString(),
        validTo: new Date(validTo).toISOString(),
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
      });
      setMessage(`${d.deputy.name} (${d.deputy.positionTitle}) ditunjuk mewakili ${d.principal.positionTitle}.`);
      setDeputyId('');
      setNote('');
      await Promise.all([load(), refresh()]);
    } catch (err) {
      setFormError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(d: Delegation) {
    if (!window.confirm(`Cabut perwakilan ${d.deputy.name} untuk ${d.principal.positionTitle}?`)) return;
    setBusy(true);
    setError(null);
    try {
      await api.revoke(d.id);
      setMessage('Perwakilan dicabut.');
      await Promise.all([load(), refresh()]);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const mine = new Set(me.positions.map((p) => p.positionId));
  const canRevoke = (d: Delegation) => (d.state === 'active' || d.state === 'upcoming') && (mine.has(d.principal.positionId) || isAdmin);
  const current = (list ?? []).filter((d) => d.state === 'active' || d.state === 'upcoming');
  const past = (list ?? []).filter((d) => d.state === 'ended' || d.state === 'revoked');

  return (
    <>
      <h1>Perwakilan (Hal Mewakili)</h1>
      <p className="rule">
        Pejabat yang berhalangan dapat menunjuk <strong>satu</strong> pejabat <strong>satu tingkat di bawahnya</strong> dalam garisnya untuk bertindak
        atas nama (a.n.) dirinya untuk masa tertentu ({PASAL_29} ayat (1) dan (2)).
      </p>
      <Notice message={message} />
      <ErrorMessage error={error} />
      {principals.length ? (
        <form className="delegate" onSubmit={appoint} noValidate aria-labelledby="appoint-title">
          <h2 id="appoint-title">Tunjuk wakil</h2>
          <div className="grid">
            <SelectField
              id="principal"
              label="Jabatan yang diwakili"
              value={principalId}
              onChange={(v) => (setPrincipalId(v), setDeputyId(''))}
              options={principals.map((p) => [p.positionId, p.title])}
            />
            <SelectField
              id="deputy"
              label="Wakil"
              value={deputyId}
              onChange={setDeputyId}
              empty="(pilih pejabat satu tingkat di bawah)"
              options={candidates.map((p) => [p.id, `${p.title} · ${p.holders.map((h) => h.titledName).join(', ')}`])}
            />
            <div>
              <label htmlFor="valid-from">Mulai</label>
              <input id="valid-from" type="datetime-local" value={validFrom} onChange={(e) => setValidFrom(e.target.value)} required />
            </div>
            <div>
              <label htmlFor="valid-to">Sampai</label>
              <input id="valid-to" type="datetime-local" value={validTo} onChange={(e) => setValidTo(e.target.value)} required />
            </div>
            <SelectField
              id="reason"
              label="Alasan"
              value={reason}
              onChange={(v) => setReason(v as NewDelegation['reason'])}
              options={Object.entries(REASON_LABELS)}
            />
            <div>
              <label htmlFor="note">Keterangan</label>
              <input
                id="note"
                value={note}
                onChange={(e) => setNote(e.target.value)}
                maxLength={500}
                placeholder="mis. rapat koordinasi di provinsi"
              />
            </div>
          </div>
          <ErrorMessage error={formError} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : 'Tunjuk wakil'}
          </button>
        </form>
      ) : (
        <p className="hint">Anda tidak memegang jabatan pimpinan, sehingga tidak menunjuk wakil. Perwakilan yang melibatkan Anda tampil di bawah.</p>
      )}
      <section aria-labelledby="current-title">
        <h2 id="current-title">Berlaku dan akan berlaku</h2>
        {list && !current.length ? <p className="empty">Tidak ada perwakilan yang berlaku.</p> : null}
        <ul className="delegations">
          {current.map((d) => (
            <DelegationRow key={d.id} d={d} busy={busy} onRevoke={canRevoke(d) ? () => void revoke(d) : undefined} />
          ))}
        </ul>
      </section>
      {past.length ? (
        <section aria-labelledby="past-title">
          <h2 id="past-title">Riwayat</h2>
          <ul className="delegations">
            {past.map((d) => (
              <DelegationRow key={d.id} d={d} busy={busy} />
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
