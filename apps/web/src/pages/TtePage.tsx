import { FormEvent, useEffect, useRef, useState } from 'react';
import { api, ApiError, FieldError, invalidInput, TteActivation, TteStatus } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { Loading, Notice } from '../components/Status';
import { CERTIFICATE_WARNING_DAYS, certificateName, formatDate, formatDateTime, SIGNATURE_PROVIDER_LABELS, TTE_STATE_LABELS } from '../format';
import { useMe } from '../session';

const MIN_PASSPHRASE_LENGTH = 8;

/** A field's reasons under it, referenced by the field (aria-describedby). */
function FieldProblems({ id, reasons }: { id: string; reasons: string[] }) {
  if (!reasons.length) return null;
  return (
    <p className="field-error" id={id}>
      {reasons.join('; ')}
    </p>
  );
}

function CertificateStatus({ status }: { status: TteStatus }) {
  const cert = status.certificate;
  const issuerName = cert ? certificateName(cert.issuer) : '';
  const soon = status.state === 'active' && status.daysLeft !== null && status.daysLeft < CERTIFICATE_WARNING_DAYS;
  return (
    <section className="card" aria-labelledby="tte-status-title">
      <h2 id="tte-status-title">Sertifikat elektronik Anda</h2>
      <dl className="facts">
        <dt>Penyelenggara</dt>
        <dd>{SIGNATURE_PROVIDER_LABELS[status.provider] ?? status.provider}</dd>
        <dt>Penerbit</dt>
        <dd>{status.issuer}</dd>
        <dt>Status</dt>
        <dd>
          <span className={`badge tte-${status.state}`} data-testid="tte-state">
            {TTE_STATE_LABELS[status.state] ?? status.state}
          </span>
        </dd>
        {status.nik ? (
          <>
            <dt>NIK tertaut</dt>
            <dd>{status.nik}</dd>
          </>
        ) : null}
        {cert ? (
          <>
            <dt>Pemilik</dt>
            <dd>{certificateName(cert.subject)}</dd>
            {issuerName && !status.issuer.includes(issuerName.split(' · ')[0]) ? (
              <>
                <dt>Diterbitkan oleh</dt>
                <dd>{issuerName}</dd>
              </>
            ) : null}
            <dt>Nomor seri</dt>
            <dd className="serial">{cert.serialNumber}</dd>
            <dt>Masa berlaku</dt>
            <dd>
              {formatDate(cert.notBefore)} s.d. {formatDate(cert.notAfter)}
            </dd>
          </>
        ) : null}
        {status.daysLeft !== null && status.state === 'active' ? (
          <>
            <dt>Sisa masa berlaku</dt>
            <dd>{soon ? <span className="badge late">{status.daysLeft} hari lagi</span> : `${status.daysLeft} hari`}</dd>
          </>
        ) : null}
      </dl>
      {status.lockedUntil ? (
        <div className="warning" role="note" data-testid="tte-lock">
          <p>
            <strong>Penandatanganan dikunci sampai {formatDateTime(status.lockedUntil)}</strong> karena passphrase salah 5 kali berturut-turut.
            Setelah itu Anda dapat menandatangani lagi.
          </p>
        </div>
      ) : null}
      {status.advice ? (
        <div className={status.state === 'active' && !soon ? 'rule' : 'warning'} role="note" data-testid="tte-advice">
          <p>{status.advice}.</p>
        </div>
      ) : null}
    </section>
  );
}

/**
 * Aktivasi TTE: the official's own electronic signature. With the local CA, a passphrase (twice)
 * makes a new certificate whose key only that passphrase opens; activating again replaces it. With
 * BSrE, the official links the NIK their BSrE certificate is issued to; the passphrase stays BSrE's.
 */
export function TtePage() {
  const me = useMe();
  const [status, setStatus] = useState<TteStatus | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [nik, setNik] = useState('');
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    document.title = 'Aktivasi TTE · Naskah Dinas';
    api.tte().then(setStatus, setLoadError);
  }, []);

  if (!status) return loadError ? <ErrorMessage error={loadError} /> : <Loading />;

  const bsre = status.provider === 'bsre';
  const again = status.state !== 'not_enrolled' || !!status.certificate;
  const reasons = (field: string) => (error instanceof ApiError ? error.reasonsFor(field) : []);
  const describedBy = (hint: string, field: string) => (reasons(field).length ? `${hint} ${field}-error` : hint);

  async function activate(e: FormEvent) {
    e.preventDefault();
    const missing: FieldError[] = [];
    let body: TteActivation;
    if (bsre) {
      if (!/^\d{16}$/.test(nik.trim())) missing.push({ field: 'nik', reasons: ['harus 16 digit angka'] });
      body = { nik: nik.trim() };
    } else {
      if ([...passphrase].length < MIN_PASSPHRASE_LENGTH)
        missing.push({ field: 'passphrase', reasons: [`paling sedikit ${MIN_PASSPHRASE_LENGTH} karakter`] });
      else if (passphrase === me.nip) missing.push({ field: 'passphrase', reasons: ['tidak boleh sama dengan NIP'] });
      if (confirmation !== passphrase) missing.push({ field: 'passphraseConfirmation', reasons: ['tidak sama dengan passphrase'] });
      body = { passphrase, passphraseConfirmation: confirmation };
    }
    // Never kept: the fields are emptied whatever happens next.
    setPassphrase('');
    setConfirmation('');
    setMessage(null);
    if (missing.length) {
      setError(invalidInput(missing));
      firstField.current?.focus();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const next = await api.activateTte(body);
      setStatus(next);
      setNik('');
      const until = next.certificate ? ` Sertifikat berlaku sampai ${formatDate(next.certificate.notAfter)}.` : '';
      setMessage(`${again ? 'TTE Anda diaktifkan ulang: sertifikat baru menggantikan sertifikat sebelumnya.' : 'TTE Anda aktif.'}${until}`);
    } catch (err) {
      setError(err);
      firstField.current?.focus();
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>Aktivasi TTE</h1>
      <p>
        Tanda tangan elektronik (TTE) Anda sendiri: sertifikat elektronik atas nama Anda yang dibuka dengan passphrase setiap kali Anda menandatangani
        naskah. Tanpa TTE yang aktif, naskah tidak dapat Anda tandatangani.
      </p>
      <Notice message={message} />
      <CertificateStatus status={status} />
      <form className="card tte-form" onSubmit={activate} noValidate aria-labelledby="tte-form-title">
        {bsre ? (
          <>
            <h2 id="tte-form-title">{again ? 'Tautkan ulang NIK ke sertifikat BSrE' : 'Tautkan NIK ke sertifikat BSrE'}</h2>
            <p>
              Sertifikat elektronik Anda diterbitkan oleh BSrE atas NIK Anda. Passphrase-nya tetap Anda kelola di BSrE dan diminta setiap kali
              menandatangani; aplikasi ini tidak menyimpannya.
            </p>
            {again && status.nik ? <p className="hint">Menautkan NIK lain menggantikan tautan saat ini ({status.nik}).</p> : null}
            <label htmlFor="tte-nik">NIK</label>
            <input
              id="tte-nik"
              ref={firstField}
              inputMode="numeric"
              autoComplete="off"
              pattern="\d{16}"
              maxLength={16}
              required
              value={nik}
              onChange={(e) => setNik(e.target.value)}
              aria-invalid={reasons('nik').length ? true : undefined}
              aria-describedby={describedBy('tte-nik-hint', 'nik')}
            />
            <p className="hint" id="tte-nik-hint">
              16 digit angka sesuai KTP elektronik, sama dengan NIK pada sertifikat BSrE Anda.
            </p>
            <FieldProblems id="nik-error" reasons={reasons('nik')} />
          </>
        ) : (
          <>
            <h2 id="tte-form-title">{again ? 'Aktivasi ulang' : 'Tetapkan passphrase'}</h2>
            {again ? (
              <p className="rule" data-testid="tte-replace">
                Aktivasi ulang menerbitkan sertifikat baru yang <strong>menggantikan</strong> sertifikat saat ini
                {status.certificate ? (
                  <>
                    {' '}
                    (nomor seri <span className="serial">{status.certificate.serialNumber}</span>)
                  </>
                ) : null}
                ; passphrase lama tidak dapat dipakai lagi. Naskah yang sudah Anda tandatangani tidak berubah. Lakukan ini juga bila Anda lupa
                passphrase.
              </p>
            ) : (
              <p>Passphrase ini membuka sertifikat elektronik Anda dan diminta setiap kali Anda menandatangani naskah.</p>
            )}
            <label htmlFor="tte-passphrase">Passphrase baru</label>
            <input
              id="tte-passphrase"
              ref={firstField}
              type="password"
              autoComplete="new-password"
              autoCapitalize="off"
              spellCheck={false}
              required
              minLength={MIN_PASSPHRASE_LENGTH}
              maxLength={200}
              value={passphrase}
              onChange={(e) => setPassphrase(e.target.value)}
              aria-invalid={reasons('passphrase').length ? true : undefined}
              aria-describedby={describedBy('tte-passphrase-rule', 'passphrase')}
            />
            <p className="hint" id="tte-passphrase-rule">
              Paling sedikit {MIN_PASSPHRASE_LENGTH} karakter dan tidak sama dengan NIP Anda. Passphrase tidak disimpan oleh aplikasi: bila lupa,
              lakukan aktivasi ulang.
            </p>
            <FieldProblems id="passphrase-error" reasons={reasons('passphrase')} />
            <label htmlFor="tte-passphrase-confirmation">Ulangi passphrase</label>
            <input
              id="tte-passphrase-confirmation"
              type="password"
              autoComplete="new-password"
              autoCapitalize="off"
              spellCheck={false}
              required
              maxLength={200}
              value={confirmation}
              onChange={(e) => setConfirmation(e.target.value)}
              aria-invalid={reasons('passphraseConfirmation').length ? true : undefined}
              aria-describedby={reasons('passphraseConfirmation').length ? 'passphraseConfirmation-error' : undefined}
            />
            <FieldProblems id="passphraseConfirmation-error" reasons={reasons('passphraseConfirmation')} />
          </>
        )}
        <ErrorMessage error={error} />
        <div className="buttons">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Memproses…' : bsre ? 'Tautkan NIK' : again ? 'Aktifkan ulang TTE' : 'Aktifkan TTE'}
          </button>
        </div>
      </form>
    </>
  );
}
