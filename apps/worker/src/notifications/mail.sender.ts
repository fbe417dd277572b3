import { createTransport, Transporter } from 'nodemailer';
import { AppConfig } from '@naskah/config';
import { DeliveryFailure } from './webhook.sender';
import { RenderedMail } from './email.templates';

export type SmtpConfig = Pick<AppConfig, 'SMTP_HOST' | 'SMTP_PORT' | 'SMTP_SECURE' | 'SMTP_USER' | 'SMTP_PASS' | 'SMTP_FROM'>;

export interface OutgoingMail extends RenderedMail {
  to: { name: string; address: string };
  /** `<notificationId@naskah>`: the same notice always carries the same Message-ID, so a repeated send is recognisable. */
  messageId: string;
}

/** One SMTP server (nodemailer, a connection per message): sends, or throws a DeliveryFailure without secrets. */
export class MailSender {
  private readonly transport: Transporter;

  constructor(private readonly cfg: SmtpConfig & { SMTP_HOST: string }) {
    this.transport = createTransport({
      host: cfg.SMTP_HOST,
      port: cfg.SMTP_PORT,
      secure: cfg.SMTP_SECURE,
      auth: cfg.SMTP_USER ? { user: cfg.SMTP_USER, pass: cfg.SMTP_PASS ?? '' } : undefined,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 10_000,
      disableFileAccess: true,
      disableUrlAccess: true,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.cfg.SMTP_FROM,
        to: mail.to,
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        messageId: mail.messageId,
        headers: { 'Auto-Submitted': 'auto-generated', 'X-Auto-Response-Suppress': 'All' },
      });
    } catch (e) {
      const err = e as Error & { code?: string; responseCode?: number; response?: string };
      // Only a recipient the server refuses (550-553 to RCPT: unknown mailbox) will not change on retry; a refused
      // connection, a 4xx, or a relay that wants authentication (530, 535) is the server's problem: retried.
      const permanent = err.code === 'EENVELOPE' && !!err.responseCode && err.responseCode >= 550 && err.responseCode <= 553;
      const detail = err.responseCode ? `${err.responseCode} ${err.response ?? err.message}` : err.message;
      throw new DeliveryFailure(`smtp: ${err.code ?? 'error'}: ${detail}`, permanent);
    }
  }

  close(): void {
    this.transport.close();
  }
}
