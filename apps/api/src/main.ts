import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module';
import { UPLOAD_CONTENT_TYPES } from './attachments/attachments.controller';
import {
  clientErrorHandler,
  frameworkErrorHandler,
  jsonBodyParser,
  MAX_PARAM_LENGTH,
  refuseOversizedJson,
} from './common/http-errors';
import { servePortal } from './common/portal';
import { buildOpenApiDocument } from './openapi/openapi';
import { OpenApiDocument } from './openapi/openapi-document';

/** The largest JSON body (uploads are streamed and limited per route). */
const JSON_BODY_LIMIT = 1024 * 1024;

export async function createApp(): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule,
    new FastifyAdapter({
      bodyLimit: JSON_BODY_LIMIT,
      maxParamLength: MAX_PARAM_LENGTH,
      // The router's and Node's own refusals leave in the bilingual envelope too.
      frameworkErrors: frameworkErrorHandler,
      clientErrorHandler,
    }),
    {
      bufferLogs: false,
      // Nest would add a form (application/x-www-form-urlencoded) parser beside JSON: bodies are
      // JSON only, so the parsers are set here.
      bodyParser: false,
    },
  );
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // A body is JSON (Fastify's secure parser, its refusals as bilingual 400s) or, on the upload
  // routes, a file; any other Content-Type (forms, text/plain, none) is refused with 415 before
  // anything runs.
  fastify.removeContentTypeParser('text/plain');
  fastify.addHook('preParsing', refuseOversizedJson(JSON_BODY_LIMIT));
  fastify.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: JSON_BODY_LIMIT },
    jsonBodyParser(fastify.getDefaultJsonParser('error', 'error') as never),
  );
  // Attachments arrive as the raw body and are streamed to storage, never buffered whole; routes
  // that take no file refuse such a body (ValidationInterceptor).
  fastify.addContentTypeParser(UPLOAD_CONTENT_TYPES, (_req, payload, done) => done(null, payload));
  // Routes are known once the module is compiled; the document is built before the server starts.
  const document = buildOpenApiDocument(app);
  app.get(OpenApiDocument).document = document;
  SwaggerModule.setup('docs', app, document as never, { jsonDocumentUrl: 'openapi.json', raw: false });
  // The portal (apps/web, built by tools/build.js) beside the API: its pages under /portal/, / → /portal/.
  await servePortal(app);
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
