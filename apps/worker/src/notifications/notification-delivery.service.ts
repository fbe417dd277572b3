import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { NotificationDelivery } from './notification-delivery';

/** The worker process's delivery loop: started with the Nest context, stopped (after the sends in progress) with it. */
@Injectable()
export class NotificationDeliveryService implements OnModuleInit, OnModuleDestroy {
  private delivery: NotificationDelivery | undefined;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.cfg.NOTIFY_DELIVERY === 'off') return;
    this.delivery = new NotificationDelivery(this.ds, this.cfg, { logger: new Logger(NotificationDelivery.name) });
    this.delivery.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.delivery?.stop();
  }
}
