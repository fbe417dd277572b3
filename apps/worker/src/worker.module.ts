import { DynamicModule, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { dataSourceOptions } from '@naskah/persistence';
import { LetterActivities } from './activities/letter.activities';
import { ProjectionActivities } from './activities/projection.activities';
import { SignatureActivities } from './activities/signature.activities';
import { AppointmentSweep } from './notifications/appointment-sweep';
import { NotificationDeliveryService } from './notifications/notification-delivery.service';

@Module({})
export class WorkerModule {
  static forRoot(cfg: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [TypeOrmModule.forRoot(dataSourceOptions({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE }))],
      providers: [
        { provide: APP_CONFIG, useValue: cfg },
        ProjectionActivities,
        LetterActivities,
        SignatureActivities,
        AppointmentSweep,
        NotificationDeliveryService,
      ],
    };
  }
}
