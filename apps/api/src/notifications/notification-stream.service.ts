import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import type { Request, Response } from 'express';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { SessionsService } from '../auth/sessions.service';
import { Actor } from '../common/actor';
import { NotificationsService, toNotificationDto } from './notifications.service';

const HEARTBEAT_MS = 15_000;
const REAUTHENTICATE_MS = 60_000;
/**
 * A notice's time is its cause's (the chain event), and commits may come in any order: each poll
 * looks this far back and skips what it has sent, so a late commit is still pushed.
 */
const LOOKBACK_MS = 120_000;

/**
 * Server-sent events for the caller's own notices (text/event-stream): `notification` with the
 * notice and the unread count, `unread` when the count changed otherwise (read elsewhere), a
 * heartbeat comment every 15 s. Each open stream polls the database (any API process may have
 * none of the writers), stops when the client goes, and ends when the caller's session does.
 */
@Injectable()
export class NotificationStreamService implements OnModuleDestroy {
  private readonly log = new Logger(NotificationStreamService.name);
  private readonly open = new Set<() => void>();

  constructor(
    private readonly notifications: NotificationsService,
    private readonly sessions: SessionsService,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  async stream(actor: Actor, req: Request, res: Response): Promise<void> {
    const me = actor.officialId;
    // Before any wait: a client gone while the first reads run must not leave a stream polling for nobody.
    let gone = false;
    const leave = () => (gone = true);
    req.once('close', leave);
    const sent = new Map<string, number>();
    const since = () => new Date(Date.now() - LOOKBACK_MS);
    for (const n of await this.notifications.newerThan(me, since(), [])) sent.set(n.id, n.createdAt.getTime());
    let unread = await this.notifications.unreadCount(me);
    req.off('close', leave);
    if (gone || res.destroyed) return;

    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    const send = (event: string, data: unknown, id?: string) => {
      if (!res.writableEnded) res.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
    };
    res.write('retry: 3000\n\n');
    send('unread', { unreadCount: unread });

    let closed = false;
    let timer: NodeJS.Timeout | null = null;
    let lastAuth = Date.now();
    const heartbeat = setInterval(() => {
      if (res.destroyed) close();
      else if (!res.writableEnded) res.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    const close = () => {
      if (closed) return;
      closed = true;
      clearInterval(heartbeat);
      if (timer) clearTimeout(timer);
      this.open.delete(close);
      if (!res.writableEnded) res.end();
    };
    this.open.add(close);
    req.on('close', close);

    const poll = async () => {
      try {
        if (Date.now() - lastAuth >= REAUTHENTICATE_MS) {
          // Signed out, deactivated, password reset: the stream ends with the session.
          await this.sessions.authenticate(req.headers.authorization).catch(() => {
            send('end', { reason: 'Sesi berakhir' });
            close();
          });
          lastAuth = Date.now();
        }
        if (closed || res.destroyed) return close();
        const fresh = await this.notifications.newerThan(me, since(), [...sent.keys()]);
        const count = await this.notifications.unreadCount(me);
        for (const n of fresh) {
          sent.set(n.id, n.createdAt.getTime());
          send('notification', { notification: toNotificationDto(n), unreadCount: count }, n.id);
        }
        if (!fresh.length && count !== unread) send('unread', { unreadCount: count });
        unread = count;
        const horizon = Date.now() - 2 * LOOKBACK_MS;
        for (const [id, at] of sent) if (at < horizon) sent.delete(id);
      } catch (e) {
        this.log.warn(`notification stream: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        if (!closed) timer = setTimeout(() => void poll(), this.cfg.NOTIFY_STREAM_POLL_MS);
      }
    };
    timer = setTimeout(() => void poll(), this.cfg.NOTIFY_STREAM_POLL_MS);
  }

  /** Open streams would keep the HTTP server from closing. */
  onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }
}
