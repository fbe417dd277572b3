import { FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, ChainState, DocumentView, invalidInput, TteStatus } from '../api';
import { capacityText, certificateName, formatDate, formatDateTime } from '../format';
import { ConsiderationField } from './ConsiderationField';
import { Dialog } from './Dialog';
import { ErrorMessage } from './ErrorMessage';

/**
 * "Tandatangani": the official's own electronic signature, unlocked by the TTE passphrase typed
 * here. The passphrase goes out in the one request and is cleared from the form at once, whatever
 * the answer; a refusal (wrong passphrase, lock, certificate, provider down) stays in the dialog.
 */
export function SignDialog(props: {
  doc: DocumentView;
  /** The rule that asks a deputy's written consideration, when acting for someone under it. */
  considerationPasal: string | null;
  onClose(): void;
  onSigned(state: ChainState): Promise<void>;
  onConsiderationRefused(pasal: string): void;
}) {
  const { doc, considerationPasal } = props;
  const passphraseRef = useRef<HTMLInputElement>(null);
  const [passphrase, setPassphrase] = useState('');
  const [consideration, setConsideration] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tte, setTte] = useState<TteStatus | null>(null);

  const loadTte = useCallback(() => api.tte().then(setTte, () => setTte(null)), []);
  useEffect(() => {
    void loadTte();
  }, [loadTte]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const missing: Array<{ field: string; reasons: string[] }> = [];
    if (considerationPasal && !consideration.trim())
      missing.push({ field: 'consideration', reasons: [`wajib diisi saat bertindak mewakili (${considerationPasal})`] });
    if (!passphrase) missing.push({ field: 'passphrase', reasons: ['wajib diisi'] });
    if (missing.length) {
      setError(invalidInput(missing));
      passphraseRef.current?.focus();
      return;
    }
    const sent = passphrase;
    // Never kept: the field is emptied as the request leaves.
    setPassphrase('');
    setBusy(true);
    setError(null);
    // Sent whenever acting for another official: it says the act is the deputy's, also where no consideration is required.
    const acting = doc.actingFor ? { consideration: consideration.trim() } : {};
    try {
      const state = await api.act(doc.id, 'sign', { versionHash: doc.currentVersion.contentHash, passphrase: sent, ...acting });
      await props.onSigned(state);
    } catch (err) {
      if (err instanceof ApiError && err.field === 'consideration') props.onConsiderationRefused(err.pasal ?? 'aturan perwakilan Dinas');
      setError(err);
      setBusy(false);
      passphraseRef.current?.focus();
      // A wrong passphrase may have locked signing: the dialog says until when.
      void loadTte();
    }
  }

  const passphraseProblems = error instanceof ApiError ? error.reasonsFor('passphrase') : [];
  const blocked = tte?.state !== undefined && tte.state !== 'active';
  return (
    <Dialog
      titleId="sign-dialog-title"
      title="Tandatangani secara elektronik"
      describedBy="sign-dialog-what"
      initialFocus={passphraseRef}
      busy={busy}
      onClose={props.onClose}
    >
      <p id="sign-dialog-what">
        Anda menandatangani versi {doc.currentVersion.versionNo} naskah &ldquo;{doc.subject}&rdquo; dengan sertifikat elektronik Anda sendiri. Setelah
        ditandatangani, naskah diberi nomor dan dikirim kepada penerima; isinya tidak dapat diubah lagi.
      </p>
      {doc.actingFor ? (
        <p className="acting">
          Anda menandatangani <strong>{capacityText(doc.actingFor.capacity, doc.actingFor.principalTitle)}</strong> ({doc.actingFor.principalName}).
        </p>
      ) : null}
      {tte?.certificate && tte.state === 'active' ? (
        <p className="hint" data-testid="sign-certificate">
          Sertifikat: {certificateName(tte.certificate.subject)} · {tte.issuer} · berlaku sampai {formatDate(tte.certificate.notAfter)}
        </p>
      ) : null}
      {tte && (blocked || tte.lockedUntil) ? (
        <div className="warning" role="note">
          {tte.lockedUntil ? <p>Penandatanganan dikunci sampai {formatDateTime(tte.lockedUntil)} karena passphrase salah berturut-turut.</p> : null}
          {blocked && tte.advice ? <p>{tte.advice}.</p> : null}
          {blocked ? (
            <p>
              <Link to="/tte">Buka Aktivasi TTE</Link>
            </p>
          ) : null}
        </div>
      ) : null}
      <form onSubmit={submit} noValidate>
        {considerationPasal ? (
          <ConsiderationField
            hint={`${considerationPasal}: sebelum bertindak mewakili, pertimbangan Anda dicatat dalam riwayat naskah.`}
            value={consideration}
            onChange={setConsideration}
          />
        ) : null}
        <label htmlFor="sign-passphrase">Passphrase TTE</label>
        <input
          id="sign-passphrase"
          ref={passphraseRef}
          type="password"
          autoComplete="off"
          autoCapitalize="off"
          spellCheck={false}
          value={passphrase}
          onChange={(e) => setPassphrase(e.target.value)}
          required
          aria-invalid={passphraseProblems.length ? true : undefined}
          aria-describedby={error ? 'sign-passphrase-hint sign-error' : 'sign-passphrase-hint'}
        />
        <p className="hint" id="sign-passphrase-hint">
          {tte?.provider === 'bsre'
            ? 'Passphrase sertifikat elektronik BSrE Anda.'
            : 'Passphrase yang Anda tetapkan saat Aktivasi TTE. Passphrase hanya dipakai untuk tanda tangan ini dan tidak disimpan.'}
        </p>
        <ErrorMessage error={error} id="sign-error" />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Menandatangani…' : 'Tandatangani sekarang'}
          </button>
          <button type="button" className="link" onClick={props.onClose} disabled={busy}>
            Batal
          </button>
        </div>
      </form>
    </Dialog>
  );
}
