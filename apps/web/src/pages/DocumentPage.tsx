import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, DocumentView, LetterSignature } from '../api';
import { ActionPanel } from '../components/ActionPanel';
import { ClassificationBadge, StatusBadge, UrgencyBadge } from '../components/Badges';
import { ErrorMessage } from '../components/ErrorMessage';
import { LetterPreview } from '../components/LetterPreview';
import { RouteTimeline } from '../components/RouteTimeline';
import { SignerReadinessNote } from '../components/SignerReadinessNote';
import { VersionDiff } from '../components/VersionDiff';
import { lastReturn } from '../document-state';
import {
  capacityText,
  certificateName,
  formatDate,
  formatDateTime,
  HISTORY_LABELS,
  SIGNATURE_FAILURE_LABELS,
  SIGNATURE_PROVIDER_LABELS,
} from '../format';
import { Notice, Loading } from '../components/Status';

/** The electronic signature the letter carries: the official's certificate and the time-stamp, or the office's seal. */
function SignatureFacts({ signature }: { signature: LetterSignature }) {
  if (signature.provider === 'organization-seal')
    return (
      <p data-testid="letter-signature">
        Tanda tangan elektronik: <strong>segel instansi</strong> (naskah ditandatangani sebelum TTE pribadi berlaku).
      </p>
    );
  const cert = signature.certificate;
  return (
    <section aria-labelledby="signature-title" data-testid="letter-signature">
      <h3 id="signature-title">Tanda tangan elektronik</h3>
      <dl className="facts">
        <dt>Penyelenggara</dt>
        <dd>{SIGNATURE_PROVIDER_LABELS[signature.provider] ?? signature.provider}</dd>
        {cert ? (
          <>
            <dt>Pemilik sertifikat</dt>
            <dd>{certificateName(cert.subject)}</dd>
            <dt>Penerbit</dt>
            <dd>{certificateName(cert.issuer)}</dd>
            <dt>Nomor seri</dt>
            <dd className="serial">{cert.serialNumber}</dd>
            <dt>Masa berlaku</dt>
            <dd>
              {formatDate(cert.notBefore)} s.d. {formatDate(cert.notAfter)}
            </dd>
          </>
        ) : null}
        <dt>Penanda waktu</dt>
        <dd>{signature.timestampedAt ? formatDateTime(signature.timestampedAt) : 'Tidak ada (tanda tangan tanpa penanda waktu tepercaya)'}</dd>
      </dl>
    </section>
  );
}

function SignedLetter({ doc }: { doc: DocumentView }) {
  const [url, setUrl] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const letter = doc.letter!;
  useEffect(() => {
    if (!letter.pdfReady) return;
    let made: string | null = null;
    api.pdf(doc.id).then((blob) => setUrl((made = URL.createObjectURL(blob))), setError);
    return () => {
      if (made) URL.revokeObjectURL(made);
    };
  }, [doc.id, letter.pdfReady]);
  return (
    <section className="signed" aria-labelledby="signed-title">
      <h2 id="signed-title">Naskah telah ditandatangani</h2>
      <dl className="facts">
        <dt>Nomor</dt>
        <dd data-testid="letter-number">{letter.number}</dd>
        <dt>Tanggal</dt>
        <dd>{formatDateTime(letter.signedAt)}</dd>
        <dt>Pengiriman</dt>
        <dd>{letter.delivered ? 'Sudah dikirim ke penerima dan tembusan' : 'Sedang dikirim…'}</dd>
      </dl>
      <SignatureFacts signature={letter.signature} />
      {!letter.pdfReady ? <p role="status">Berkas PDF bertanda tangan elektronik sedang dibuat…</p> : null}
      {url ? (
        <p className="buttons">
          <a className="button primary" href={url} download={`${letter.number.replace(/[^\w.-]+/g, '_')}.pdf`}>
            Unduh PDF bertanda tangan
          </a>
          <a className="button" href={url} target="_blank" rel="noreferrer">
            Buka PDF
          </a>
          <a className="button" href={`/api/v1/verify/${letter.verificationCode}`} target="_blank" rel="noreferrer" data-testid="verify-link">
            Halaman verifikasi (kode QR)
          </a>
        </p>
      ) : null}
      <ErrorMessage error={error} />
    </section>
  );
}

const CHAIN_ACTS = ['submitted', 'paraf', 'returned', 'corrected', 'resubmitted', 'signed', 'withdrawn'];

function History({ doc }: { doc: DocumentView }) {
  const stepTitle = (order: unknown) => doc.route.find((s) => s.order === order)?.position.title;
  return (
    <details className="history">
      <summary>Riwayat lengkap ({doc.history.length} catatan, berantai hash)</summary>
      <ol>
        {doc.history.map((h) => (
          <li key={h.seq}>
            <time dateTime={h.at}>{formatDateTime(h.at)}</time> · <strong>{HISTORY_LABELS[h.type] ?? h.type}</strong>
            {h.actor ? ` oleh ${h.actor.name}` : ''}
            {h.capacity && h.capacity !== 'own' ? ` (${capacityText(h.capacity)}${h.principal ? ` ${h.principal.name}` : ''})` : ''}
            {h.type === 'corrected' && typeof h.data.versionNo === 'number' ? ` (versi ${h.data.versionNo})` : ''}
            {h.type === 'returned' && stepTitle(h.data.toStepOrder) ? ` kepada ${stepTitle(h.data.toStepOrder)}` : ''}
            {typeof h.data.note === 'string' ? <span className="note"> · Catatan: {h.data.note}</span> : null}
            {typeof h.data.consideration === 'string' ? <span className="note"> · Pertimbangan: {h.data.consideration}</span> : null}
            {h.type === 'signature_failed' && typeof h.data.reason === 'string' ? (
              <span className="note"> · {SIGNATURE_FAILURE_LABELS[h.data.reason] ?? h.data.reason}</span>
            ) : null}
            {typeof h.data.tembusanWaiverReason === 'string' ? (
              <span className="note"> · Alasan tanpa tembusan: {h.data.tembusanWaiverReason}</span>
            ) : null}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** One document: the letter as it will print (or signed), actions allowed now, route, versions, history. */
export function DocumentPage() {
  const { id } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  // The answer of the request that saved or corrected the draft (ComposePage) is the document as it now stands.
  const given = useRef((location.state as { document?: DocumentView } | null)?.document);
  const [doc, setDoc] = useState<DocumentView | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(() => {
    const state = location.state as { saved?: boolean; message?: string } | null;
    return state?.message ?? (state?.saved ? 'Naskah disimpan.' : null);
  });

  const show = useCallback((d: DocumentView) => {
    setDoc(d);
    setError(null);
    document.title = `${d.subject} · Naskah Dinas`;
  }, []);
  const load = useCallback(async () => {
    try {
      show(await api.document(id!));
    } catch (e) {
      setError(e);
    }
  }, [id, show]);

  useEffect(() => {
    const answer = given.current;
    given.current = undefined;
    if (answer && answer.id === id) {
      show(answer);
      // Shown once: a reload of the page reads the document again instead of this answer.
      const { document: _shown, ...rest } = (window.history.state?.usr ?? {}) as { document?: DocumentView };
      void navigate(location.pathname, { replace: true, state: rest });
      return;
    }
    void load();
    // Only `load` re-runs this (another document); the answer was for the first.
  }, [load]);

  // A letter just signed is numbered in the sign request, but rendered into its PDF and delivered by the
  // workflow a moment later: until both are done the page asks again each second (nothing else polls).
  const waitingForLetter = doc?.status === 'signed' && (!doc.letter || !doc.letter.pdfReady || !doc.letter.delivered);
  useEffect(() => {
    if (!waitingForLetter) return;
    const t = setInterval(() => void load(), 1000);
    return () => clearInterval(t);
  }, [waitingForLetter, load]);

  if (!doc) return error ? <ErrorMessage error={error} /> : <Loading />;

  const latest = doc.versions[doc.versions.length - 1];
  const lastReturned = lastReturn(doc);
  const returned = doc.status === 'returned' ? lastReturned : undefined;
  // Returned to an earlier official on the route (not the drafter): the note shows until that official acts.
  const lastAct = [...doc.history].reverse().find((h) => CHAIN_ACTS.includes(h.type));
  const returnedToStep = doc.status === 'in_review' && lastAct?.type === 'returned' ? lastReturned : undefined;
  const waitingNow = doc.route.filter((s) => s.state === 'pending');
  // A version made by a reviewer (mengoreksi), not by the drafter.
  const correction =
    latest.author.officialId !== doc.drafter.officialId ? doc.route.find((s) => s.corrected && s.versionHash === latest.contentHash) : undefined;
  return (
    <>
      <p className="crumbs">
        <Link to="/kotak/action">Kotak masuk</Link>
      </p>
      <h1>{doc.subject}</h1>
      <p className="badges">
        <StatusBadge status={doc.status} />
        <UrgencyBadge urgency={doc.urgency} />
        <ClassificationBadge classification={doc.classification} />
        <span className="badge">{doc.kind.name}</span>
        <span className="meta">
          Penyusun: {doc.drafter.name} · Versi {doc.currentVersion.versionNo}
          {latest.author.officialId !== doc.drafter.officialId ? ` (koreksi ${latest.author.name})` : ''}
        </span>
      </p>
      <Notice message={message} />
      <ErrorMessage error={error} />
      {returned ? (
        <div className="return-note" role="note" data-testid="return-note">
          <p>
            <strong>
              Dikembalikan oleh {returned.actedBy?.name ?? returned.position.title} ({returned.position.title}):
            </strong>
          </p>
          <blockquote>{returned.note}</blockquote>
        </div>
      ) : null}
      {returnedToStep ? (
        <div className="return-note" role="note" data-testid="return-note">
          <p>
            <strong>
              Dikembalikan oleh {returnedToStep.actedBy?.name ?? returnedToStep.position.title} ({returnedToStep.position.title})
              {waitingNow.length ? ` kepada ${waitingNow.map((s) => s.position.title).join(', ')}` : ''}:
            </strong>
          </p>
          <blockquote>{returnedToStep.note}</blockquote>
        </div>
      ) : null}
      {latest.versionNo > 1 && latest.author.officialId !== doc.drafter.officialId ? (
        <div className="rule" role="note" data-testid="correction-note">
          <p>
            Versi {latest.versionNo} adalah koreksi oleh <strong>{latest.author.name}</strong>
            {correction ? ` (${correction.position.title})` : ''}, {formatDateTime(latest.createdAt)}.{' '}
            <a href="#diff-title">Lihat perubahan dari versi {latest.versionNo - 1}</a>
          </p>
        </div>
      ) : null}
      {doc.tembusanWaiverReason ? (
        <div className="rule" role="note" data-testid="tembusan-waiver">
          <p>
            <strong>Laporan tanpa tembusan.</strong> Alasan penyusun: {doc.tembusanWaiverReason}
          </p>
        </div>
      ) : null}
      <SignerReadinessNote readiness={doc.signerReadiness} />
      <ActionPanel
        doc={doc}
        onDone={async (m, state) => {
          setMessage(m);
          // The action's answer carries the document as it now stands; read it only when it does not.
          if (state?.document) show(state.document);
          else await load();
        }}
      />
      <div className="document-grid">
        <div>
          {doc.letter ? <SignedLetter doc={doc} /> : null}
          <LetterPreview doc={doc} />
        </div>
        <div>
          <RouteTimeline doc={doc} />
          {doc.versions.length > 1 ? <VersionDiff doc={doc} /> : null}
          <History doc={doc} />
        </div>
      </div>
    </>
  );
}
