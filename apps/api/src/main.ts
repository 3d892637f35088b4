import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { UPLOAD_CONTENT_TYPES } from './attachments/attachments.controller';
import { buildOpenApiDocument } from './openapi/openapi';
import { OpenApiDocument } from './openapi/openapi-document';

export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({ bodyLimit: 1024 * 1024 }),
    {
      bufferLogs: false,
    },
  );
  app.enableShutdownHooks();
  // Attachments arrive as the raw body and are streamed to storage, never buffered whole.
  app
    .getHttpAdapter()
    .getInstance()
    .addContentTypeParser(UPLOAD_CONTENT_TYPES, (_req, payload, done) => done(null, payload));
  // Routes are known once the module is compiled; the document is built before the server starts.
  const document = buildOpenApiDocument(app);
  app.get(OpenApiDocument).document = document;
  SwaggerModule.setup('docs', app, document as never, { jsonDocumentUrl: 'openapi.json', raw: false });
  return app;
}

async function main() {
  const app = await createApp();
  const port = Number(process.env.PORT || 3000);
  const host = process.env.HOST || '127.0.0.1';
  await app.listen(port, host);
  Logger.log(`kjflow API listening on http://${host}:${port} (docs at /docs)`, 'Bootstrap');
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
