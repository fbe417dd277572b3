import { useCallback, useEffect, useState } from 'react';
import { adminApi, AuditEvent, AuditPage as Trail } from '../../admin-api';
import { ErrorMessage } from '../../components/ErrorMessage';
import { Loading } from '../../components/Status';
import { formatDateTime, ORG_AUDIT_LABELS } from '../../format';
import { fieldLabel, useAdmin, useTitle } from './common';

/** Identifiers mean nothing to a reader: what they point at is named beside them (code, title, NIP). */
const HIDDEN_KEYS = new Set(['id', 'positionId', 'officialId', 'unitId', 'organizationId', 'parentId', 'reportsViaUnitId']);

/** A recorded value as a reader takes it in: a position "title (Pasal)", a list one item after another. */
function shown(v: unknown): string {
  if (v === undefined) return '–';
  if (v === null) return 'kosong';
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'string' || typeof v === 'number') return String(v);
  if (Array.isArray(v)) return v.length ? v.map(shown).join('; ') : '(tidak ada)';
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    const name = o.title ?? o.name;
    if (typeof name === 'string') return `${name}${typeof o.pasal === 'string' ? ` (${o.pasal})` : ''}`;
    return Object.entries(o)
      .filter(([k]) => !HIDDEN_KEYS.has(k))
      .map(([k, x]) => `${fieldLabel(k)}: ${shown(x)}`)
      .join(', ');
  }
  return String(v);
}

/** The fields a change touched, before and after; a creation or a removal lists what was there. */
function Changes({ before, after }: { before: object | null; after: object | null }) {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = (after ?? {}) as Record<string, unknown>;
  const keys = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter(
    (k) => !HIDDEN_KEYS.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]),
  );
  if (!keys.length) return null;
  return (
    <table className="changes">
      <caption className="visually-hidden">Sebelum dan sesudah</caption>
      <thead>
        <tr>
          <th scope="col">Isian</th>
          <th scope="col">Sebelum</th>
          <th scope="col">Sesudah</th>
        </tr>
      </thead>
      <tbody>
        {keys.map((k) => (
          <tr key={k}>
            <th scope="row">{fieldLabel(k)}</th>
            <td>{before ? shown(b[k]) : '–'}</td>
            <td>{after ? shown(a[k]) : '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function EventItem({ e }: { e: AuditEvent }) {
  return (
    <li className="audit-event" data-testid="audit-event">
      <p>
        <strong>{ORG_AUDIT_LABELS[e.action] ?? e.action}</strong>: <span className="subject">{e.subject}</span>
      </p>
      <p className="meta">
        <span>{formatDateTime(e.at)}</span>
        <span>
          oleh {e.actor ? `${e.actor.name} (NIP ${e.actor.nip})` : 'perintah baris (CLI) di server'}
          {e.clientAddress ? ` dari ${e.clientAddress}` : ''}
        </span>
        <span>#{e.seq}</span>
      </p>
      {e.before || e.after ? (
        <details>
          <summary>Sebelum dan sesudah</summary>
          <Changes before={e.before} after={e.after} />
        </details>
      ) : null}
    </li>
  );
}

/** Jejak audit: every administrative change to the organisation, newest first, and whether the hash chain is intact. */
export function AuditPage() {
  const { orgId } = useAdmin();
  const [trail, setTrail] = useState<Trail | null>(null);
  const [error, setError] = useState<unknown>(null);
  useTitle('Jejak audit');

  const load = useCallback(
    async (cursor?: number | null) => {
      try {
        const page = await adminApi.audit(orgId, cursor);
        setTrail((prev) => (cursor && prev ? { ...page, events: [...prev.events, ...page.events] } : page));
      } catch (e) {
        setError(e);
      }
    },
    [orgId],
  );
  useEffect(() => void load(), [load]);

  if (!trail) return error ? <ErrorMessage error={error} /> : <Loading />;
  return (
    <>
      {trail.chainIntact ? (
        <p className="notice" data-testid="audit-intact">
          Jejak utuh: rantai hash setiap perubahan tersambung, tidak ada yang diubah atau dihapus.
        </p>
      ) : (
        <div className="warning" role="alert" data-testid="audit-intact">
          <p>
            <strong>Jejak rusak{trail.brokenAtSeq ? ` mulai peristiwa #${trail.brokenAtSeq}` : ''}.</strong> Rantai hash terputus: ada peristiwa yang
            diubah atau dihapus di luar aplikasi. Laporkan kepada pengelola server.
          </p>
        </div>
      )}
      <ErrorMessage error={error} />
      {trail.events.length ? null : <p className="empty">Belum ada perubahan yang tercatat.</p>}
      <ol className="audit">
        {trail.events.map((e) => (
          <EventItem key={e.seq} e={e} />
        ))}
      </ol>
      {trail.nextCursor ? (
        <button type="button" className="more" onClick={() => void load(trail.nextCursor)}>
          Muat lebih banyak
        </button>
      ) : null}
    </>
  );
}
