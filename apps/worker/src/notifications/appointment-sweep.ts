import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { sweepAppointmentNotices } from '@naskah/persistence';

/**
 * Every NOTIFY_SWEEP_SECONDS: appointments as deputy that started or ended since (an appointment
 * made for later, one that ran out) are told to the deputy and the principal, once each; any
 * number of worker processes may sweep, the row locks decide.
 */
@Injectable()
export class AppointmentSweep implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly log = new Logger(AppointmentSweep.name);
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), this.cfg.NOTIFY_SWEEP_SECONDS * 1000);
    this.timer.unref();
  }

  /** One pass; a pass still running is not started twice. */
  sweep(): Promise<void> {
    this.running ??= sweepAppointmentNotices(this.ds)
      .then(() => undefined)
      .catch((e: unknown) => this.log.warn(`appointment notices: ${e instanceof Error ? e.message : String(e)}`))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  async onModuleDestroy(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running;
  }
}
