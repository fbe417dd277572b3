import { HttpException, HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { appendAccountAudit, LoginAttemptCounterEntity, OfficialEntity, writeTransaction } from '@naskah/persistence';

/** 429 with the seconds to wait (Retry-After); the same words whether or not the NIP exists. */
export class TooManyAttemptsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    super(
      { code: 'TOO_MANY_REQUESTS', message: `Terlalu banyak percobaan masuk yang gagal. Coba lagi dalam ${minutes} menit.` },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

const PRUNE_EVERY = 100;

/**
 * The per-NIP lock, in the database so that every API process agrees. An attempt is counted before
 * its password is checked, under the counter's row lock: however many arrive at once, at most
 * LOGIN_ACCOUNT_MAX_FAILURES passwords are tried before the lock. A success clears the count.
 */
@Injectable()
export class LoginAttemptsService {
  private readonly logger = new Logger(LoginAttemptsService.name);
  private reservations = 0;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  /** Counts one attempt on the NIP and returns its number, or throws TooManyAttemptsException while the NIP is locked. */
  async begin(nip: string): Promise<number> {
    const max = this.cfg.LOGIN_ACCOUNT_MAX_FAILURES;
    const outcome = await writeTransaction(this.ds, async (m) => {
      const now = new Date();
      // An upsert takes the row's exclusive lock at once; INSERT IGNORE would take a shared one, and
      // concurrent attempts upgrading theirs to exclusive deadlock each other.
      await m.query('INSERT INTO login_attempt_counter (nip, attempts, window_started_at) VALUES (?, 0, ?) ON DUPLICATE KEY UPDATE nip = nip', [
        nip,
        now,
      ]);
      const row = await m.findOneOrFail(LoginAttemptCounterEntity, { where: { nip }, lock: { mode: 'pessimistic_write' } });
      if (row.lockedUntil && row.lockedUntil > now) return { retryAfter: Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000), attempt: 0 };
      const windowOver = row.windowStartedAt.getTime() + this.cfg.LOGIN_ACCOUNT_WINDOW_SECONDS * 1000 <= now.getTime();
      if (row.lockedUntil || windowOver) Object.assign(row, { attempts: 0, windowStartedAt: now, lockedUntil: null });
      row.attempts += 1;
      // The last attempt allowed locks at once, before its password is checked; a success clears it.
      if (row.attempts >= max) row.lockedUntil = new Date(now.getTime() + this.cfg.LOGIN_ACCOUNT_LOCK_SECONDS * 1000);
      await m.update(
        LoginAttemptCounterEntity,
        { nip },
        { attempts: row.attempts, windowStartedAt: row.windowStartedAt, lockedUntil: row.lockedUntil },
      );
      return { retryAfter: 0, attempt: row.attempts };
    });
    if (++this.reservations % PRUNE_EVERY === 0) void this.prune();
    if (outcome.retryAfter > 0) throw new TooManyAttemptsException(outcome.retryAfter);
    return outcome.attempt;
  }

  /** The password was wrong. The attempt that filled the count records the lock in the official's account trail. */
  async failed(nip: string, attempt: number, clientAddress: string | null): Promise<void> {
    if (attempt !== this.cfg.LOGIN_ACCOUNT_MAX_FAILURES) return;
    await writeTransaction(this.ds, async (m) => {
      const official = await m.findOne(OfficialEntity, { where: { nip }, select: { id: true } });
      const row = await m.findOne(LoginAttemptCounterEntity, { where: { nip } });
      if (!official || !row?.lockedUntil) return;
      await appendAccountAudit(m, official.id, {
        action: 'login_locked',
        actorOfficialId: null,
        clientAddress,
        before: { locked: false },
        after: { locked: true, lockedUntil: row.lockedUntil.toISOString(), failedAttempts: row.attempts },
      });
    });
  }

  /** The password was right: the NIP's count starts again. */
  async succeeded(nip: string): Promise<void> {
    await this.ds.getRepository(LoginAttemptCounterEntity).delete({ nip });
  }

  /** Counters whose window and lock are both over say nothing any more. */
  private async prune(): Promise<void> {
    const now = new Date();
    const before = new Date(now.getTime() - Math.max(this.cfg.LOGIN_ACCOUNT_WINDOW_SECONDS, this.cfg.LOGIN_ACCOUNT_LOCK_SECONDS) * 1000);
    try {
      await this.ds
        .getRepository(LoginAttemptCounterEntity)
        .createQueryBuilder()
        .delete()
        .where('window_started_at < :before AND (locked_until IS NULL OR locked_until < :now)', { before, now })
        .execute();
    } catch (e) {
      this.logger.warn(`pruning login counters failed: ${(e as Error).message}`);
    }
  }
}
