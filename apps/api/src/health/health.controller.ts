import { Controller, Get, Inject } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorResult, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Connection } from '@temporalio/client';
import { APP_CONFIG, AppConfig } from '@naskah/config';
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
  ) {}

  @Public()
  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('database', { timeout: 3000 }), () => this.temporalCheck()]);
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
