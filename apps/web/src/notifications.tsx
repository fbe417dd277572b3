import { createContext, Dispatch, ReactNode, SetStateAction, useCallback, useContext, useEffect, useRef, useState } from 'react';
import { api, ApiError, Notification } from './api';

interface NotificationState {
  unreadCount: number;
  /** Notices pushed since the page opened, newest first (the list merges them). */
  pushed: Notification[];
  /** The latest pushed notice, announced to screen readers. */
  announcement: string;
  setUnreadCount: Dispatch<SetStateAction<number>>;
}

const NotificationContext = createContext<NotificationState | null>(null);

/**
 * The signed-in official's unread count and new notices, live: the stream (fetch with the bearer
 * header), reopened after a pause when it drops; the count is read once first so the bell shows
 * at once.
 */
export function NotificationProvider({ children }: { children: ReactNode }) {
  const [unreadCount, setUnreadCount] = useState(0);
  const [pushed, setPushed] = useState<Notification[]>([]);
  const [announcement, setAnnouncement] = useState('');
  const seen = useRef(new Set<string>());

  useEffect(() => {
    const controller = new AbortController();
    let retry: ReturnType<typeof setTimeout> | undefined;
    let delay = 1000;
    const connect = () => {
      void api
        .notificationStream(controller.signal, (e) => {
          delay = 1000;
          setUnreadCount(e.unreadCount);
          if (e.event === 'notification' && !seen.current.has(e.notification.id)) {
            seen.current.add(e.notification.id);
            setPushed((prev) => [e.notification, ...prev]);
            setAnnouncement(`Pemberitahuan baru: ${e.notification.title}`);
          }
        })
        .catch((e: unknown) => (e instanceof ApiError && e.status === 401 ? 'stop' : undefined))
        .then((stop) => {
          if (controller.signal.aborted || stop === 'stop') return;
          retry = setTimeout(connect, delay);
          delay = Math.min(delay * 2, 30_000);
        });
    };
    api.notifications().then(
      (p) => setUnreadCount(p.unreadCount),
      () => undefined,
    );
    connect();
    return () => {
      controller.abort();
      clearTimeout(retry);
    };
  }, []);

  return <NotificationContext.Provider value={{ unreadCount, pushed, announcement, setUnreadCount }}>{children}</NotificationContext.Provider>;
}

export function useNotifications(): NotificationState {
  const s = useContext(NotificationContext);
  if (!s) throw new Error('useNotifications outside NotificationProvider');
  return s;
}

/** Marks one notice read and keeps the bell in step. */
export function useMarkRead() {
  const { setUnreadCount } = useNotifications();
  return useCallback(
    async (n: Notification) => {
      if (n.readAt) return n;
      const read = await api.readNotification(n.id);
      setUnreadCount((c) => Math.max(0, c - 1));
      return read;
    },
    [setUnreadCount],
  );
}
