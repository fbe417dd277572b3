import { createContext, ReactNode, useCallback, useContext, useEffect, useState } from 'react';
import { Navigate, useLocation } from 'react-router';
import { api, ApiError, Me, session } from './api';
import { Loading } from './components/Status';

interface SessionState {
  me: Me | null;
  loading: boolean;
  error: ApiError | null;
  notice: string | null;
  signIn(nip: string, password: string): Promise<void>;
  /** Replaces the password (the temporary one after an administrator's reset); the answer's fresh token is kept. */
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  signOut(notice?: string): void;
  refresh(): Promise<void>;
}

/** The page that replaces the password. */
export const PASSWORD_PATH = '/kata-sandi';

const SessionContext = createContext<SessionState | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(!!session.token);
  const [error, setError] = useState<ApiError | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const signOut = useCallback((why?: string) => {
    session.token = null;
    setMe(null);
    setNotice(why ?? null);
  }, []);

  const refresh = useCallback(async () => {
    if (!session.token) return;
    try {
      setMe(await api.me());
      setError(null);
    } catch (e) {
      if (e instanceof ApiError && e.status !== 401) setError(e);
    } finally {
      setLoading(false);
    }
  }, []);

  useEffect(() => {
    session.onUnauthorized(() => signOut('Sesi Anda berakhir; silakan masuk lagi.'));
    void refresh();
  }, [refresh, signOut]);

  const signIn = useCallback(async (nip: string, password: string) => {
    const { accessToken } = await api.login(nip, password);
    session.token = accessToken;
    setNotice(null);
    setMe(await api.me());
  }, []);

  const changePassword = useCallback(async (currentPassword: string, newPassword: string) => {
    const { accessToken } = await api.changePassword({ currentPassword, newPassword });
    session.token = accessToken;
    setMe(await api.me());
  }, []);

  return (
    <SessionContext.Provider value={{ me, loading, error, notice, signIn, signOut, refresh, changePassword }}>{children}</SessionContext.Provider>
  );
}

export function useSession(): SessionState {
  const s = useContext(SessionContext);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}

/** The signed-in official; pages under it never render without one. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside RequireSession');
  return me;
}

export function RequireSession({ children }: { children: ReactNode }) {
  const { me, loading, error } = useSession();
  const location = useLocation();
  if (loading) return <Loading />;
  if (error)
    return (
      <p className="error" role="alert">
        {error.message}
      </p>
    );
  if (!me) return <Navigate to="/masuk" replace state={{ from: location.pathname + location.search }} />;
  // A temporary password (an administrator's reset, a new account) is replaced before anything else: the API answers nothing else.
  if (me.mustChangePassword && location.pathname !== PASSWORD_PATH) return <Navigate to={PASSWORD_PATH} replace />;
  return <>{children}</>;
}
