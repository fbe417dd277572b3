import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@naskah/config';
import { AppModule } from './app.module';
import { useRequestBodies } from './common/request-body';
import { useSecurityHeaders } from './common/security-headers';
import { serveWebInbox } from './web/web-inbox';

const API_PREFIX = 'api';

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApiApp(cfg: AppConfig): Promise<INestApplication> {
  // Bodies are parsed by useRequestBodies (limits per route, no urlencoded), not by Nest's defaults.
  const app = await NestFactory.create(AppModule.forRoot(cfg), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix(API_PREFIX);
  app.enableShutdownHooks();
  const express = app.getHttpAdapter().getInstance();
  // Only the configured proxies may name the client (X-Forwarded-For); by default nobody can.
  express.set('trust proxy', cfg.TRUST_PROXY);
  express.disable('x-powered-by');
  useSecurityHeaders(express);
  useRequestBodies(express);
  serveWebInbox(app, { sourceMaps: cfg.NODE_ENV !== 'production' });
  SwaggerModule.setup('api/docs', app, () => createOpenApiDocument(app));
  return app;
}

/** The OpenAPI document served at /api/docs; the web app's types are generated from it (openapi/emit-openapi.ts). */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const doc = new DocumentBuilder()
    .setTitle('Naskah API')
    .setDescription('Alur persetujuan naskah dinas: paraf, pengembalian, tanda tangan, dan perwakilan (Hal Mewakili).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  return SwaggerModule.createDocument(app, doc);
}

/**
 * The same document with no database or Temporal (the build's emit-openapi step): Nest's preview
 * mode reads the modules and their decorators without instantiating a single provider.
 */
export async function createOpenApiDocumentOffline(cfg: AppConfig): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(cfg), { preview: true, logger: false });
  app.setGlobalPrefix(API_PREFIX);
  try {
    return createOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
