import { createHash } from 'node:crypto';
import { LoggerService } from '@nestjs/common';
import { DataSource, EntityManager, In } from 'typeorm';
import { AppConfig } from '@naskah/config';
import { DeliveryChannel, NotificationEntity, OfficialEntity, OrganizationWebhookEntity } from '@naskah/persistence';
import { lastDigestCutoff, retryDelayMs } from './delivery-schedule';
import { MailNotice, renderDigestMail, renderNoticeMail } from './email.templates';
import { MailSender, SmtpConfig } from './mail.sender';
import { DeliveryFailure, postWebhook, WebhookPayload } from './webhook.sender';

export type DeliveryConfig = SmtpConfig &
  Pick<
    AppConfig,
    | 'PUBLIC_BASE_URL'
    | 'HOST'
    | 'PORT'
    | 'NOTIFY_POLL_MS'
    | 'NOTIFY_BATCH_SIZE'
    | 'NOTIFY_RETRY_BASE_MS'
    | 'NOTIFY_RETRY_MAX_MS'
    | 'NOTIFY_MAX_ATTEMPTS'
    | 'NOTIFY_DIGEST_HOUR'
    | 'WEBHOOK_TIMEOUT_MS'
  >;

export interface DeliveryOptions {
  /** Only these offices' notices (the tests share one database); unset: every office. */
  organizationIds?: string[];
  logger?: Pick<LoggerService, 'log' | 'warn' | 'error'>;
}

interface ClaimedRow {
  notification_id: string;
  channel: DeliveryChannel;
  attempts: number;
}

type Outcome = { kind: 'sent' } | { kind: 'skipped'; reason: string } | { kind: 'failed'; error: DeliveryFailure };

const SILENT = { log: () => undefined, warn: () => undefined, error: () => undefined };

/** The notice's own Message-ID: a resend of the same notice (a lost commit) carries the same one. */
export function noticeMessageId(notificationId: string): string {
  return `<${notificationId}@naskah>`;
}

/**
 * Sends the outbox's deliveries (notification_delivery) by e-mail and to the offices' webhooks.
 *
 * Claim: due rows are locked with SELECT ... FOR UPDATE SKIP LOCKED (READ COMMITTED, so no gap
 * locks hold up the transactions that enqueue notices) and stay locked while they are sent; the
 * outcome is written and committed in the same transaction. Another process skips locked rows and
 * finds them 'sent' once committed, so two loops never send one row twice.
 *
 * At-least-once: a crash (or a lost database connection) after the SMTP server or the webhook
 * accepted a message but before the commit rolls the claim back, and the row is sent again. The
 * repeat is recognisable: the e-mail keeps its Message-ID <notificationId@naskah>, the webhook its
 * X-Naskah-Delivery and payload id, on which receivers dedupe.
 *
 * Failures: attempts + 1, last_error (never a secret or the webhook URL), next try after
 * NOTIFY_RETRY_BASE_MS * 2^(attempts-1) capped at NOTIFY_RETRY_MAX_MS. After NOTIFY_MAX_ATTEMPTS,
 * or an answer that retrying cannot change (an SMTP 5xx to the message), the row is 'failed' and
 * logged as an error; requeueFailedDeliveries puts such rows back.
 */
export class NotificationDelivery {
  private readonly mail: MailSender | null;
  private readonly logger: Pick<LoggerService, 'log' | 'warn' | 'error'>;
  private readonly baseUrl: string;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = true;
  private lastDigestRun = 0;

  constructor(
    private readonly ds: DataSource,
    private readonly cfg: DeliveryConfig,
    private readonly opts: DeliveryOptions = {},
  ) {
    const host = cfg.SMTP_HOST;
    this.mail = host ? new MailSender({ ...cfg, SMTP_HOST: host }) : null;
    this.logger = opts.logger ?? SILENT;
    this.baseUrl = (cfg.PUBLIC_BASE_URL ?? `http://${cfg.HOST}:${cfg.PORT}`).replace(/\/+$/, '');
  }

  /** Polls every NOTIFY_POLL_MS; a full batch is followed at once by the next. The digest is looked at once a minute. */
  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (!this.mail) this.logger.warn('SMTP_HOST is unset: e-mail deliveries are marked skipped');
    this.running = this.tick();
  }

  /** Lets a send in progress finish and commit, then stops. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    this.mail?.close();
  }

  private async tick(): Promise<void> {
    try {
      while (!this.stopped && (await this.deliverDue()) >= this.cfg.NOTIFY_BATCH_SIZE);
      if (!this.stopped && Date.now() - this.lastDigestRun >= 60_000) {
        this.lastDigestRun = Date.now();
        await this.deliverDigests();
      }
    } catch (e) {
      this.logger.error(`notification delivery: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (!this.stopped) this.timer = setTimeout(() => (this.running = this.tick()), this.cfg.NOTIFY_POLL_MS);
  }

  /** One batch: claims up to NOTIFY_BATCH_SIZE due rows, sends them, records each outcome; returns how many it claimed. */
  async deliverDue(now = new Date()): Promise<number> {
    const scope = this.scope('d.notification_id');
    return this.ds.transaction('READ COMMITTED', async (m) => {
      const rows: ClaimedRow[] = await m.query(
        `SELECT d.notification_id, d.channel, d.attempts FROM notification_delivery d
          WHERE d.state = 'pending' AND d.next_attempt_at <= ?${scope.sql}
          ORDER BY d.next_attempt_at LIMIT ? FOR UPDATE SKIP LOCKED`,
        [now, ...scope.params, this.cfg.NOTIFY_BATCH_SIZE],
      );
      if (!rows.length) return 0;
      const notices = await m.findBy(NotificationEntity, { id: In(rows.map((r) => r.notification_id)) });
      const byId = new Map(notices.map((n) => [n.id, n]));
      const officials = await this.officials(m, notices);
      const orgIds = [
        ...new Set(notices.filter((n) => rows.some((r) => r.channel === 'webhook' && r.notification_id === n.id)).map((n) => n.organizationId)),
      ];
      const webhooks = orgIds.length ? await m.findBy(OrganizationWebhookEntity, { organizationId: In(orgIds), active: true }) : [];
      const outcomes = await Promise.all(
        rows.map((r) => {
          const notice = byId.get(r.notification_id)!;
          const official = officials.get(notice.recipientOfficialId);
          return this.attempt(() =>
            r.channel === 'email'
              ? this.sendEmail(notice, official)
              : this.sendWebhook(
                  notice,
                  official,
                  webhooks.find((w) => w.organizationId === notice.organizationId),
                ),
          );
        }),
      );
      // sent_at and the next try count from when the sends ended, not from the claim.
      const done = new Date();
      for (const [i, r] of rows.entries()) await this.record(m, [r], outcomes[i], done);
      return rows.length;
    });
  }

  /**
   * The daily digest: per official, one e-mail listing the notices held for it ('digest' rows)
   * that were created before `until` (by default the last NOTIFY_DIGEST_HOUR:00 WIB), all marked
   * sent in one transaction. Exported for tests and operators; the loop runs it once a minute.
   */
  async deliverDigests(
    until = lastDigestCutoff(new Date(), this.cfg.NOTIFY_DIGEST_HOUR),
    now = new Date(),
  ): Promise<{ officials: number; notices: number }> {
    const scope = this.scope('n.id');
    const due = `d.channel = 'email' AND d.state = 'digest' AND d.next_attempt_at <= ? AND n.created_at < ?`;
    const recipients: Array<{ officialId: string }> = await this.ds.query(
      `SELECT n.recipient_official_id AS officialId FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
        WHERE ${due}${scope.sql} GROUP BY n.recipient_official_id LIMIT 100`,
      [now, until, ...scope.params],
    );
    let sentTo = 0;
    let notices = 0;
    for (const { officialId } of recipients) {
      const sent = await this.ds.transaction('READ COMMITTED', async (m) => {
        const candidates: Array<{ id: string }> = await m.query(
          `SELECT n.id FROM notification_delivery d JOIN notification n ON n.id = d.notification_id
            WHERE n.recipient_official_id = ? AND ${due} ORDER BY n.created_at LIMIT 200`,
          [officialId, now, until],
        );
        if (!candidates.length) return 0;
        // Only the delivery rows are locked (by primary key); another loop skips them and finds them sent.
        const rows: ClaimedRow[] = await m.query(
          `SELECT notification_id, channel, attempts FROM notification_delivery
            WHERE channel = 'email' AND state = 'digest' AND notification_id IN (?) FOR UPDATE SKIP LOCKED`,
          [candidates.map((c) => c.id)],
        );
        if (!rows.length) return 0;
        const list = (await m.findBy(NotificationEntity, { id: In(rows.map((r) => r.notification_id)) })).sort(
          (a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.id.localeCompare(b.id),
        );
        const official = (await this.officials(m, list)).get(officialId);
        const outcome = await this.attempt(() => this.sendDigest(list, official, until));
        await this.record(m, rows, outcome, new Date());
        return outcome.kind === 'sent' ? rows.length : 0;
      });
      if (sent) {
        sentTo += 1;
        notices += sent;
      }
    }
    return { officials: sentTo, notices };
  }

  private scope(column: string): { sql: string; params: unknown[] } {
    const ids = this.opts.organizationIds;
    if (!ids) return { sql: '', params: [] };
    return { sql: ` AND ${column} IN (SELECT s.id FROM notification s WHERE s.organization_id IN (?))`, params: [ids.length ? ids : ['']] };
  }

  private async officials(m: EntityManager, notices: NotificationEntity[]): Promise<Map<string, OfficialEntity>> {
    const ids = [...new Set(notices.map((n) => n.recipientOfficialId))];
    const rows = ids.length
      ? await m.find(OfficialEntity, {
          where: { id: In(ids) },
          select: { id: true, nip: true, name: true, gelarDepan: true, gelarBelakang: true, email: true },
        })
      : [];
    return new Map(rows.map((o) => [o.id, o]));
  }

  private async attempt(send: () => Promise<Outcome>): Promise<Outcome> {
    try {
      return await send();
    } catch (e) {
      const error = e instanceof DeliveryFailure ? e : new DeliveryFailure(e instanceof Error ? e.message : String(e));
      return { kind: 'failed', error };
    }
  }

  private mailNotice(n: NotificationEntity): MailNotice {
    return { id: n.id, title: n.title, body: n.body, url: `${this.baseUrl}${n.link}`, confidential: n.confidential, createdAt: n.createdAt };
  }

  private async sendEmail(n: NotificationEntity, official: OfficialEntity | undefined): Promise<Outcome> {
    if (!this.mail) return { kind: 'skipped', reason: 'e-mail is not configured (SMTP_HOST unset)' };
    if (!official?.email) return { kind: 'skipped', reason: 'the official has no e-mail address' };
    const name = official.titledName();
    await this.mail.send({ ...renderNoticeMail(this.mailNotice(n), name), to: { name, address: official.email }, messageId: noticeMessageId(n.id) });
    return { kind: 'sent' };
  }

  private async sendDigest(list: NotificationEntity[], official: OfficialEntity | undefined, until: Date): Promise<Outcome> {
    if (!this.mail) return { kind: 'skipped', reason: 'e-mail is not configured (SMTP_HOST unset)' };
    if (!official?.email) return { kind: 'skipped', reason: 'the official has no e-mail address' };
    const name = official.titledName();
    // The same set of notices gives the same Message-ID, so a digest repeated after a lost commit is recognisable.
    const digestId = createHash('sha256')
      .update(`${official.id}:${list.map((n) => n.id).join(',')}`)
      .digest('hex')
      .slice(0, 32);
    await this.mail.send({
      ...renderDigestMail(
        list.map((n) => this.mailNotice(n)),
        name,
        until,
      ),
      to: { name, address: official.email },
      messageId: `<digest.${digestId}@naskah>`,
    });
    return { kind: 'sent' };
  }

  private async sendWebhook(
    n: NotificationEntity,
    official: OfficialEntity | undefined,
    webhook: OrganizationWebhookEntity | undefined,
  ): Promise<Outcome> {
    if (!webhook) return { kind: 'skipped', reason: 'the office has no active webhook' };
    const payload: WebhookPayload = {
      id: n.id,
      event: n.event,
      organizationId: n.organizationId,
      recipient: { officialId: n.recipientOfficialId, nip: official?.nip ?? '', name: official?.titledName() ?? '' },
      title: n.title,
      body: n.body,
      link: `${this.baseUrl}${n.link}`,
      confidential: n.confidential,
      createdAt: n.createdAt.toISOString(),
    };
    await postWebhook(webhook.url, webhook.secret, payload, this.cfg.WEBHOOK_TIMEOUT_MS);
    return { kind: 'sent' };
  }

  private async record(m: EntityManager, rows: ClaimedRow[], outcome: Outcome, now: Date): Promise<void> {
    for (const r of rows) {
      const key = [r.notification_id, r.channel];
      if (outcome.kind === 'sent') {
        await m.query(
          `UPDATE notification_delivery SET state = 'sent', attempts = attempts + 1, sent_at = ? WHERE notification_id = ? AND channel = ?`,
          [now, ...key],
        );
      } else if (outcome.kind === 'skipped') {
        await m.query(`UPDATE notification_delivery SET state = 'skipped', last_error = ? WHERE notification_id = ? AND channel = ?`, [
          outcome.reason,
          ...key,
        ]);
      } else {
        const attempts = r.attempts + 1;
        const error = outcome.error.message.slice(0, 500);
        const giveUp = outcome.error.permanent || attempts >= this.cfg.NOTIFY_MAX_ATTEMPTS;
        const next = new Date(now.getTime() + retryDelayMs(attempts, this.cfg.NOTIFY_RETRY_BASE_MS, this.cfg.NOTIFY_RETRY_MAX_MS));
        await m.query(
          `UPDATE notification_delivery SET state = COALESCE(?, state), attempts = ?, next_attempt_at = ?, last_error = ? WHERE notification_id = ? AND channel = ?`,
          [giveUp ? 'failed' : null, attempts, next, error, ...key],
        );
        if (giveUp) this.logger.error(`notification ${r.notification_id} (${r.channel}) failed after ${attempts} attempts: ${error}`);
        else this.logger.warn(`notification ${r.notification_id} (${r.channel}) attempt ${attempts} failed, next at ${next.toISOString()}: ${error}`);
      }
    }
  }
}

/**
 * Puts 'failed' deliveries back in the queue (after the SMTP server or the webhook is repaired):
 * attempts start again from 0, last_error is kept until the next try. Digest rows go back to the digest.
 */
export async function requeueFailedDeliveries(ds: DataSource, filter: { organizationId?: string; channel?: DeliveryChannel } = {}): Promise<number> {
  const where: string[] = [`d.state = 'failed'`];
  const params: unknown[] = [];
  if (filter.channel) {
    where.push('d.channel = ?');
    params.push(filter.channel);
  }
  if (filter.organizationId) {
    where.push('n.organization_id = ?');
    params.push(filter.organizationId);
  }
  const result: { affectedRows?: number } = await ds.query(
    `UPDATE notification_delivery d JOIN notification n ON n.id = d.notification_id
        LEFT JOIN notification_preference p ON p.official_id = n.recipient_official_id
        SET d.state = IF(d.channel = 'email' AND COALESCE(p.email_digest, FALSE), 'digest', 'pending'), d.attempts = 0, d.next_attempt_at = ?
      WHERE ${where.join(' AND ')}`,
    [new Date(), ...params],
  );
  return result.affectedRows ?? 0;
}
