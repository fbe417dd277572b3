import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { ArchiveStore } from '@naskah/letter';
import { Public } from '../common/actor';
import { TEMPORAL_CONNECTION } from '../temporal.providers';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly indicator: HealthIndicatorService,
    @Inject(TEMPORAL_CONNECTION) private readonly temporal: Connection,
    @Inject(APP_CONFIG) private readonly cfg: AppConfig,
    private readonly archive: ArchiveStore,
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.temporalCheck(), () => this.archiveCheck()]);
  }

  /** The archive of signed PDFs (a folder, or the S3 bucket every host shares): signing and reading letters need it. */
  private async archiveCheck(): Promise<HealthIndicatorResult> {
    const i = this.indicator.check('archive');
    try {
      await this.archive.ping(3000);
      return i.up({ store: this.cfg.ARCHIVE_STORE });
    } catch {
      return i.down({ store: this.cfg.ARCHIVE_STORE, message: 'Arsip naskah tidak dapat dihubungi' });
    }
  }

  private async temporalCheck(): Promise<HealthIndicatorResult> {
    const i = this.indicator.check('temporal');
    try {
      await this.temporal.ensureConnected();
      await this.temporal.withDeadline(Date.now() + 3000, () =>
        this.temporal.workflowService.describeNamespace({ namespace: this.cfg.TEMPORAL_NAMESPACE }),
      );
      return i.up({ address: this.cfg.TEMPORAL_ADDRESS });
    } catch {
      return i.down({ address: this.cfg.TEMPORAL_ADDRESS, message: 'Temporal tidak dapat dihubungi' });
    }
  }
}
