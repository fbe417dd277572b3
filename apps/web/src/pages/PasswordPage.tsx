import { FormEvent, useEffect, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { invalidInput } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { useMe, useSession } from '../session';

/**
 * Ganti kata sandi: after an administrator handed out a temporary password (a new account, a reset)
 * the official must choose his own before anything else; any official may change it here later.
 * The policy is the API's (apps/api/src/auth/password-policy.ts); its refusal is shown as given.
 */
export function PasswordPage() {
  const me = useMe();
  const { changePassword } = useSession();
  const navigate = useNavigate();
  const forced = me.mustChangePassword;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Ganti kata sandi · Naskah Dinas';
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    const problems: Array<{ field: string; reasons: string[] }> = [];
    if (!current) problems.push({ field: 'currentPassword', reasons: ['isi kata sandi yang Anda pakai sekarang'] });
    if (!next) problems.push({ field: 'newPassword', reasons: ['isi kata sandi baru'] });
    else if (next !== again) problems.push({ field: 'newPassword', reasons: ['kedua isian kata sandi baru tidak sama'] });
    if (problems.length) {
      setError(invalidInput(problems));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await changePassword(current, next);
      void navigate('/kotak/action', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow login" id="utama">
      <h1>Ganti kata sandi</h1>
      {forced ? (
        <p className="notice" role="status">
          Anda masuk dengan kata sandi sementara dari administrator. Pilih kata sandi Anda sendiri sebelum melanjutkan.
        </p>
      ) : null}
      <p>
        {me.titledName} · NIP {me.nip}
      </p>
      <form onSubmit={submit} noValidate>
        <label htmlFor="current-password">{forced ? 'Kata sandi sementara' : 'Kata sandi saat ini'}</label>
        <input
          id="current-password"
          type="password"
          autoComplete="current-password"
          required
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
        <label htmlFor="new-password">Kata sandi baru</label>
        <input
          id="new-password"
          type="password"
          autoComplete="new-password"
          required
          value={next}
          onChange={(e) => setNext(e.target.value)}
          aria-describedby="new-password-hint"
        />
        <p className="hint" id="new-password-hint">
          Paling sedikit 10 karakter dari dua jenis atau lebih (huruf kecil, huruf besar, angka, simbol), tidak memuat NIP atau nama Anda.
        </p>
        <label htmlFor="new-password-again">Ulangi kata sandi baru</label>
        <input
          id="new-password-again"
          type="password"
          autoComplete="new-password"
          required
          value={again}
          onChange={(e) => setAgain(e.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Menyimpan…' : 'Simpan kata sandi'}
        </button>
      </form>
      {forced ? null : (
        <p>
          <Link to="/kotak/action">Kembali ke kotak masuk</Link>
        </p>
      )}
    </main>
  );
}
