import { FormEvent, useCallback, useEffect, useState } from 'react';
import { api, Delegation, DelegationRules, invalidInput, NewDelegation } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { SelectField } from '../components/SelectField';
import { CAPACITY_LABELS, DELEGATION_STATE_LABELS, formatDateTime, REASON_LABELS } from '../format';
import { useMe, useSession } from '../session';
import { Notice } from '../components/Status';

const MIN_ON_BEHALF_REASON = 10;

/** `YYYY-MM-DDTHH:mm` in local time, the value a datetime-local input holds. */
function localInput(d: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

const marker = (capacity: string) => CAPACITY_LABELS[capacity] ?? capacity;

function DelegationRow({ d, onRevoke, busy }: { d: Delegation; onRevoke?(): void; busy: boolean }) {
  return (
    <li className={`delegation state-${d.state}`}>
      <p>
        <strong>{d.deputy.positionTitle}</strong> ({d.deputy.name}) mewakili <strong>{d.principal.positionTitle}</strong> ({d.principal.name}) sebagai{' '}
        <span className="badge capacity">{marker(d.capacity)}</span>
      </p>
      <p className="meta">
        <span className={`badge delegation-${d.state}`}>{DELEGATION_STATE_LABELS[d.state]}</span> {formatDateTime(d.validFrom)} s.d.{' '}
        {formatDateTime(d.validTo)} · {REASON_LABELS[d.reason] ?? d.reason}
        {d.note ? ` · ${d.note}` : ''}
      </p>
      <p className="meta">Dasar: {d.pasal}</p>
      {d.recordedBy ? (
        <p className="meta on-behalf">
          Dicatat oleh administrator {d.recordedBy.name} atas nama {d.principal.name}: {d.onBehalfReason}
        </p>
      ) : null}
      {d.limits.map((l) => (
        <p className="hint" key={l}>
          {l}
        </p>
      ))}
      {onRevoke ? (
        <button type="button" className="danger" onClick={onRevoke} disabled={busy}>
          Cabut
        </button>
      ) : null}
    </li>
  );
}

/** The office's own rule, with its citations, as the API gives it. */
function Rules({ rules }: { rules: DelegationRules }) {
  return (
    <section className="rule" aria-labelledby="rule-title">
      <h2 id="rule-title">Aturan perwakilan: {rules.basis}</h2>
      <p>{rules.summary}</p>
      <ul>
        <li>
          Kepala Dinas: wakil bertindak <strong>{marker(rules.head.capacity)}</strong>; dasar: {rules.head.pasal}.
        </li>
        <li>
          Pejabat lain: wakil bertindak <strong>{marker(rules.officials.capacity)}</strong>; dasar: {rules.officials.pasal}. Yang dimaksud pejabat:{' '}
          {rules.officials.scope}.
        </li>
        <li>
          {rules.considerationPasal
            ? `Sebelum bertindak, wakil wajib menuliskan pertimbangan skala prioritas, urgensi dan etika birokrasi (${rules.considerationPasal}).`
            : 'Aturan Dinas ini tidak mewajibkan wakil menuliskan pertimbangan sebelum bertindak.'}
        </li>
      </ul>
    </section>
  );
}

/**
 * Appoint, see and revoke deputies under the office's own rules. An official appoints his own
 * deputy; an administrator may record one for an absent official, saying why.
 */
export function DelegationsPage() {
  const me = useMe();
  const { refresh } = useSession();
  const [list, setList] = useState<Delegation[] | null>(null);
  const [rules, setRules] = useState<DelegationRules | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [formError, setFormError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const isAdmin = me.roles.includes('admin');
  const [principalId, setPrincipalId] = useState('');
  const [deputyId, setDeputyId] = useState('');
  const [validFrom, setValidFrom] = useState(localInput(new Date()));
  const [validTo, setValidTo] = useState(localInput(new Date(Date.now() + 5 * 24 * 3600_000)));
  const [reason, setReason] = useState<NewDelegation['reason']>('dinas_luar');
  const [note, setNote] = useState('');
  const [onBehalfReason, setOnBehalfReason] = useState('');

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
    api.delegationRules().then(setRules, setError);
  }, [load]);

  const principals = rules?.principals ?? [];
  useEffect(() => {
    if (!principalId && principals.length) setPrincipalId(principals[0].positionId);
  }, [principalId, principals]);
  const principal = principals.find((p) => p.positionId === principalId);

  async function appoint(e: FormEvent) {
    e.preventDefault();
    const missing: Array<{ field: string; reasons: string[] }> = [];
    if (!principal) missing.push({ field: 'principalPositionId', reasons: ['pilih jabatan yang diwakili'] });
    if (!deputyId) missing.push({ field: 'deputyPositionId', reasons: ['pilih wakil'] });
    if (!validFrom || !validTo) missing.push({ field: 'validTo', reasons: ['isi masa perwakilan'] });
    if (principal?.onBehalf && onBehalfReason.trim().length < MIN_ON_BEHALF_REASON)
      missing.push({
        field: 'onBehalfReason',
        reasons: [`tuliskan mengapa pejabat tidak dapat menunjuk sendiri (paling sedikit ${MIN_ON_BEHALF_REASON} karakter)`],
      });
    if (missing.length || !principal) {
      setFormError(invalidInput(missing));
      return;
    }
    setBusy(true);
    setFormError(null);
    setMessage(null);
    try {
      const d = await api.appoint({
        principalPositionId: principal.positionId,
        deputyPositionId: deputyId,
        validFrom: new Date(validFrom).toISOString(),
        validTo: new Date(validTo).toISOString(),
        reason,
        ...(note.trim() ? { note: note.trim() } : {}),
        ...(principal.onBehalf ? { onBehalfReason: onBehalfReason.trim() } : {}),
      });
      const said = `${d.deputy.name} (${d.deputy.positionTitle}) ditunjuk mewakili ${d.principal.positionTitle} sebagai ${marker(d.capacity)}`;
      setMessage(d.recordedBy ? `${said}; dicatat atas nama ${d.principal.name}` : said);
      setDeputyId('');
      setNote('');
      setOnBehalfReason('');
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
      <h1>Perwakilan</h1>
      {rules ? <Rules rules={rules} /> : null}
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
              options={principals.map((p) => [
                p.positionId,
                p.onBehalf ? `${p.title} · ${p.holderName ?? ''} (dicatat atas nama)` : `${p.title} (jabatan Anda)`,
              ])}
            />
            <SelectField
              id="deputy"
              label="Wakil"
              value={deputyId}
              onChange={setDeputyId}
              empty={
                principal?.candidates.length ? '(pilih pejabat satu tingkat di bawah)' : '(tidak ada pejabat satu tingkat di bawah yang menjabat)'
              }
              options={(principal?.candidates ?? []).map((c) => [c.positionId, `${c.title} · ${c.holders.join(', ')}`])}
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
          {principal ? (
            <p className="hint">
              Wakil bertindak sebagai <strong>{marker(principal.capacity)}</strong> {principal.title} ({principal.pasal}).
            </p>
          ) : null}
          {principal?.onBehalf ? (
            <div className="on-behalf">
              <label htmlFor="on-behalf-reason">Alasan mencatat atas nama pejabat (wajib)</label>
              <p className="hint" id="on-behalf-hint">
                Hanya pejabat yang bersangkutan yang menunjuk wakilnya. Sebagai administrator, Anda mencatat penunjukan atas nama{' '}
                {principal.holderName ?? principal.title} yang berhalangan; tuliskan mengapa ia tidak dapat menunjuk sendiri.
              </p>
              <textarea
                id="on-behalf-reason"
                aria-describedby="on-behalf-hint"
                value={onBehalfReason}
                onChange={(e) => setOnBehalfReason(e.target.value)}
                rows={3}
                maxLength={500}
                required
              />
            </div>
          ) : null}
          <ErrorMessage error={formError} />
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menyimpan…' : principal?.onBehalf ? 'Catat penunjukan' : 'Tunjuk wakil'}
          </button>
        </form>
      ) : rules ? (
        <p className="hint">
          Tidak ada pejabat satu tingkat di bawah jabatan Anda, sehingga Anda tidak menunjuk wakil. Perwakilan yang melibatkan Anda tampil di bawah.
        </p>
      ) : null}
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
