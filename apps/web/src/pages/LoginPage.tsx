import { FormEvent, useEffect, useState } from 'react';
import { useLocation, useNavigate } from 'react-router';
import { ErrorMessage } from '../components/ErrorMessage';
import { useSession } from '../session';
import { Notice } from '../components/Status';

export function LoginPage() {
  const { me, signIn, notice } = useSession();
  const navigate = useNavigate();
  const from = (useLocation().state as { from?: string } | null)?.from ?? '/kotak/action';
  const [nip, setNip] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    document.title = 'Masuk · Naskah Dinas';
    if (me) void navigate(from, { replace: true });
  }, [me, from, navigate]);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(nip.trim(), password);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <main className="page narrow login" id="utama">
      <h1>Naskah Dinas Elektronik</h1>
      <p>Masuk dengan NIP dan kata sandi Anda.</p>
      <Notice message={notice} />
      <form onSubmit={submit} noValidate>
        <label htmlFor="nip">NIP</label>
        <input
          id="nip"
          name="nip"
          inputMode="numeric"
          autoComplete="username"
          required
          pattern="\d{18}"
          maxLength={18}
          value={nip}
          onChange={(e) => setNip(e.target.value)}
          aria-describedby="nip-hint"
        />
        <p className="hint" id="nip-hint">
          18 digit angka, tanpa spasi
        </p>
        <label htmlFor="password">Kata sandi</label>
        <input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
        />
        <ErrorMessage error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Memeriksa…' : 'Masuk'}
        </button>
      </form>
    </main>
  );
}
