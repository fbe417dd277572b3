import { Link } from 'react-router';
import { SignerReadiness } from '../api';
import { formatDate, TTE_STATE_LABELS } from '../format';
import { useMe } from '../session';

const ROLE_LABELS = { signer: 'penanda tangan', deputy: 'wakil penanda tangan' } as const;

type Entry = SignerReadiness['entries'][number];

const SELF_NOT_READY: Record<string, string> = {
  not_enrolled: 'belum mengaktifkan TTE',
  expired: 'sertifikat elektronik sudah kedaluwarsa; aktifkan ulang',
  revoked: 'sertifikat elektronik sudah dicabut; ajukan sertifikat baru kepada BSrE, lalu aktifkan ulang',
  suspended: 'sertifikat elektronik sedang dibekukan; hubungi BSrE, lalu aktifkan ulang',
};

/** The reader's own entry, after "Anda" (the API's advice is worded for whoever reads the document). */
function selfText(e: Entry): string {
  if (e.ready)
    return `sertifikat elektronik berakhir ${e.notAfter ? `pada ${formatDate(e.notAfter)}` : 'dalam waktu dekat'}; aktifkan ulang sebelum berakhir`;
  return SELF_NOT_READY[e.state] ?? `sertifikat elektronik ${TTE_STATE_LABELS[e.state]?.toLowerCase() ?? e.state}`;
}

/**
 * Whether whoever will sign can sign electronically (from the draft on): a warning when no one
 * can, or when a certificate ends within 30 days, with what each person must do. The signer
 * reading it gets the way to Aktivasi TTE.
 */
export function SignerReadinessNote({ readiness }: { readiness: SignerReadiness | null }) {
  const me = useMe();
  if (!readiness || !readiness.entries.length) return null;
  const concerns = readiness.entries.filter((e) => !e.ready || e.expiresSoon);
  const ready = readiness.entries.filter((e) => e.ready && !e.expiresSoon);
  const readyLine = ready.length
    ? `TTE siap: ${ready.map((e) => `${e.name} (${ROLE_LABELS[e.role]}${e.notAfter ? `, sertifikat berlaku sampai ${formatDate(e.notAfter)}` : ''})`).join('; ')}.`
    : null;
  if (!concerns.length)
    return (
      <p className="hint" data-testid="signer-readiness">
        {readyLine}
      </p>
    );
  return (
    <div className={readiness.ready ? 'rule' : 'warning'} role="note" aria-labelledby="readiness-title" data-testid="signer-readiness">
      <p id="readiness-title">
        <strong>
          {readiness.ready ? 'Perhatian: sertifikat elektronik penanda tangan' : 'Naskah ini belum dapat ditandatangani secara elektronik'}
        </strong>
      </p>
      {readyLine ? <p>{readyLine}</p> : null}
      <ul>
        {concerns.map((e) =>
          e.officialId === me.id ? (
            <li key={e.officialId}>
              <strong>Anda</strong> ({ROLE_LABELS[e.role]}): {selfText(e)}. <Link to="/tte">Buka Aktivasi TTE</Link>
            </li>
          ) : (
            <li key={e.officialId}>
              {e.name} ({ROLE_LABELS[e.role]}): {e.advice ?? `sertifikat elektronik ${TTE_STATE_LABELS[e.state]?.toLowerCase() ?? e.state}`}
              {e.expiresSoon && e.notAfter ? ` (berlaku sampai ${formatDate(e.notAfter)})` : ''}.
            </li>
          ),
        )}
      </ul>
    </div>
  );
}
