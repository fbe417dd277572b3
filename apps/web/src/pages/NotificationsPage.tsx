import { FormEvent, useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, Notification, NotificationPreferences } from '../api';
import { ErrorMessage } from '../components/ErrorMessage';
import { formatDateTime } from '../format';
import { useMarkRead, useNotifications } from '../notifications';

const EVENT_LABELS: Record<Notification['event'], string> = {
  step_waiting: 'Menunggu tindakan',
  returned: 'Dikembalikan',
  signed: 'Ditandatangani',
  letter_arrived: 'Surat masuk',
  reminder: 'Pengingat',
  escalation: 'Eskalasi',
  deputy_started: 'Perwakilan dimulai',
  deputy_ended: 'Perwakilan berakhir',
};

/** The official's notices (newest first, live), mark as read, and the channels chosen. */
export function NotificationsPage() {
  const { pushed, unreadCount, setUnreadCount } = useNotifications();
  const markRead = useMarkRead();
  const [items, setItems] = useState<Notification[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (from: string | null) => {
      setLoading(true);
      setError(null);
      try {
        const page = await api.notifications(from);
        setItems((prev) => (from ? [...prev, ...page.items] : page.items));
        setCursor(page.nextCursor);
        if (!from) setUnreadCount(page.unreadCount);
      } catch (e) {
        setError(e);
      } finally {
        setLoading(false);
      }
    },
    [setUnreadCount],
  );

  useEffect(() => {
    document.title = 'Notifikasi · Naskah Dinas';
    void load(null);
  }, [load]);

  // New notices pushed while the page is open join the top of the list.
  const shown = [...pushed.filter((p) => !items.some((i) => i.id === p.id)), ...items];

  async function read(n: Notification) {
    try {
      const r = await markRead(n);
      setItems((prev) => [r, ...prev.filter((i) => i.id !== r.id)].sort((a, b) => b.createdAt.localeCompare(a.createdAt)));
    } catch (e) {
      setError(e);
    }
  }

  async function readAll() {
    try {
      setUnreadCount((await api.readAllNotifications()).unreadCount);
      await load(null);
    } catch (e) {
      setError(e);
    }
  }

  return (
    <>
      <h1>Notifikasi</h1>
      <p className="buttons">
        <span>{unreadCount ? `${unreadCount} belum dibaca` : 'Semua sudah dibaca'}</span>
        {unreadCount ? (
          <button type="button" onClick={() => void readAll()}>
            Tandai semua dibaca
          </button>
        ) : null}
      </p>
      <ErrorMessage error={error} />
      {!loading && !shown.length ? <p className="empty">Belum ada notifikasi.</p> : null}
      <ul className="inbox notifications" aria-busy={loading}>
        {shown.map((n) => (
          <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-testid="notification">
            <Link to={n.link} className="subject" onClick={() => void read(n)}>
              {n.readAt ? null : <span className="visually-hidden">Belum dibaca: </span>}
              {n.title}
            </Link>
            <p>{n.body}</p>
            <p className="meta">
              <span className="badge step">{EVENT_LABELS[n.event]}</span>
              {n.confidential ? <span className="badge class-rahasia">Rahasia</span> : null}
              <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
              {n.readAt ? null : (
                <button type="button" className="link" onClick={() => void read(n)}>
                  Tandai dibaca<span className="visually-hidden">: {n.title}</span>
                </button>
              )}
            </p>
          </li>
        ))}
      </ul>
      {cursor ? (
        <p className="more">
          <button type="button" onClick={() => void load(cursor)} disabled={loading}>
            Muat lebih banyak
          </button>
        </p>
      ) : null}
      <Preferences />
    </>
  );
}

function Preferences() {
  const [prefs, setPrefs] = useState<NotificationPreferences | null>(null);
  const [saved, setSaved] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    api.notificationPreferences().then(setPrefs, setError);
  }, []);

  async function save(e: FormEvent) {
    e.preventDefault();
    if (!prefs) return;
    setSaved(false);
    setError(null);
    try {
      setPrefs(await api.setNotificationPreferences(prefs));
      setSaved(true);
    } catch (err) {
      setError(err);
    }
  }

  const toggle = (key: keyof NotificationPreferences) => (e: { target: { checked: boolean } }) => {
    setSaved(false);
    setPrefs((p) => (p ? { ...p, [key]: e.target.checked } : p));
  };

  return (
    <section aria-labelledby="pref-heading">
      <h2 id="pref-heading">Saluran notifikasi</h2>
      <ErrorMessage error={error} />
      {prefs ? (
        <form onSubmit={(e) => void save(e)}>
          <fieldset>
            <legend>Selain di aplikasi, kirimkan notifikasi lewat:</legend>
            <label>
              <input type="checkbox" checked={prefs.email} onChange={toggle('email')} /> Surel (e-mail)
            </label>
            <label>
              <input type="checkbox" checked={prefs.emailDigest} onChange={toggle('emailDigest')} disabled={!prefs.email} /> Surel dikumpulkan menjadi
              satu ringkasan harian
            </label>
            <label>
              <input type="checkbox" checked={prefs.webhook} onChange={toggle('webhook')} /> WhatsApp/Telegram instansi (webhook)
            </label>
          </fieldset>
          <p className="buttons">
            <button type="submit">Simpan</button>
            <span role="status">{saved ? 'Pilihan saluran disimpan.' : ''}</span>
          </p>
        </form>
      ) : null}
    </section>
  );
}
