import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { raw } from 'express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@naskah/config';
import { AppModule } from './app.module';
import { serveWebInbox } from './web/web-inbox';

/** Builds the HTTP application exactly as production runs it; tests use the same function. */
export async function createApiApp(cfg: AppConfig): Promise<INestApplication> {
  const app = await NestFactory.create(AppModule.forRoot(cfg), { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.setGlobalPrefix('api');
  app.enableShutdownHooks();
  const express = app.getHttpAdapter().getInstance();
  express.set('trust proxy', 'loopback');
  express.disable('x-powered-by');
  app.use('/api/v1/verify', raw({ type: 'application/pdf', limit: '25mb' }));
  serveWebInbox(app);
  const doc = new DocumentBuilder()
    .setTitle('Naskah API')
    .setDescription('Alur persetujuan naskah dinas: paraf, pengembalian, tanda tangan, dan perwakilan (Hal Mewakili).')
    .setVersion('1')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, () => SwaggerModule.createDocument(app, doc));
  return app;
}
