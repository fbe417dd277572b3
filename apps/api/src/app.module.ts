import { createSecretKey } from 'node:crypto';
import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { TerminusModule } from '@nestjs/terminus';
import { ThrottlerModule } from '@nestjs/throttler';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { APP_CONFIG, AppConfig } from '@naskah/config';
import { dataSourceOptions, OrgChartReader } from '@naskah/persistence';
import { DataSource } from 'typeorm';
import { adminControllers, adminProviders } from './admin';
import { ApprovalsController } from './approvals/approvals.controller';
import { ApprovalsService } from './approvals/approvals.service';
import { AuthController } from './auth/auth.controller';
import { AuthService } from './auth/auth.service';
import { LoginAttemptsService } from './auth/login-attempts.service';
import { SessionsService } from './auth/sessions.service';
import { AuthGuard } from './common/auth.guard';
import { AllExceptionsFilter } from './common/exception.filter';
import { createValidationPipe } from './common/validation';
import { DelegationsController } from './delegations/delegations.controller';
import { DelegationsService } from './delegations/delegations.service';
import { DocumentsController } from './documents/documents.controller';
import { DocumentAccess } from './documents/document-access';
import { DocumentViewService } from './documents/document-view.service';
import { DraftsService } from './documents/drafts.service';
import { TembusanProposalService } from './documents/tembusan-proposal.service';
import { RoutePlannerService } from './documents/route-planner.service';
import { HealthController } from './health/health.controller';
import { InboxController } from './inbox/inbox.controller';
import { InboxService } from './inbox/inbox.service';
import { NotificationStreamService } from './notifications/notification-stream.service';
import { NotificationsController } from './notifications/notifications.controller';
import { NotificationsService } from './notifications/notifications.service';
import { OfficialsController } from './officials/officials.controller';
import { OfficialsService } from './officials/officials.service';
import { HolidaysController } from './organizations/holidays.controller';
import { HolidaysService } from './organizations/holidays.service';
import { OrganizationsController } from './organizations/organizations.controller';
import { OrganizationsService } from './organizations/organizations.service';
import { ReferenceController } from './reference/reference.controller';
import { temporalProviders } from './temporal.providers';
import { archiveProvider } from './archive.provider';
import { SigningProviders } from './signatures/signing-providers';
import { SigningService } from './signatures/signing.service';
import { TteController } from './signatures/tte.controller';
import { TteService } from './signatures/tte.service';
import { VerifyController } from './verify/verify.controller';
import { VerifyService } from './verify/verify.service';

@Module({})
export class AppModule {
  static forRoot(cfg: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        LoggerModule.forRoot({
          forRoutes: [{ path: '{*path}', method: RequestMethod.ALL }],
          pinoHttp: {
            level: cfg.LOG_LEVEL,
            redact: ['req.headers.authorization', 'req.headers.cookie'],
            autoLogging: { ignore: (req) => req.url === '/api/health' },
          },
        }),
        TypeOrmModule.forRoot({ ...dataSourceOptions({ url: cfg.DATABASE_URL, poolSize: cfg.DATABASE_POOL_SIZE }) }),
        // A KeyObject: given a string, jsonwebtoken first tries (and fails) to parse it as a public key on every call.
        // Claims, expiry, issuer and audience are set and checked in SessionsService; the algorithm is pinned here too.
        JwtModule.register({
          secret: createSecretKey(Buffer.from(cfg.JWT_SECRET, 'utf8')),
          signOptions: { algorithm: 'HS256' },
          verifyOptions: { algorithms: ['HS256'] },
        }),
        ThrottlerModule.forRoot([{ name: 'login', ttl: cfg.LOGIN_THROTTLE_TTL_SECONDS * 1000, limit: cfg.LOGIN_THROTTLE_LIMIT }]),
        TerminusModule.forRoot({ logger: false }),
      ],
      controllers: [
        AuthController,
        OrganizationsController,
        HolidaysController,
        ReferenceController,
        DocumentsController,
        ApprovalsController,
        InboxController,
        DelegationsController,
        VerifyController,
        HealthController,
        OfficialsController,
        TteController,
        NotificationsController,
        ...adminControllers,
      ],
      providers: [
        { provide: APP_CONFIG, useValue: cfg },
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AuthGuard },
        ...temporalProviders,
        AuthService,
        SessionsService,
        LoginAttemptsService,
        OfficialsService,
        OrganizationsService,
        HolidaysService,
        RoutePlannerService,
        { provide: OrgChartReader, useFactory: (ds: DataSource) => new OrgChartReader(ds), inject: [DataSource] },
        DocumentAccess,
        DocumentViewService,
        DraftsService,
        TembusanProposalService,
        ApprovalsService,
        InboxService,
        DelegationsService,
        VerifyService,
        archiveProvider,
        SigningProviders,
        TteService,
        SigningService,
        NotificationsService,
        NotificationStreamService,
        ...adminProviders,
      ],
    };
  }
}
