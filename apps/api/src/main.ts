import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { startTracing } from '@kjflow/temporal';
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
import { registerSecurityHeaders } from './common/security-headers';
import { buildOpenApiDocument } from './openapi/openapi';
import { OpenApiDocument } from './openapi/openapi-document';
import { registerHttpTelemetry } from './observability/http-telemetry';
import { requestId } from './observability/logging';
import { settings, SettingsError } from './settings';

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
      genReqId: requestId, // one id for the logs, the span and the x-request-id response header
    }),
    {
      // Nest's own start-up lines wait for the JSON logger (useLogger below).
      bufferLogs: true,
      // Nest would add a form (application/x-www-form-urlencoded) parser beside JSON: bodies are
      // JSON only, so the parsers are set here.
      bodyParser: false,
    },
  );
  app.useLogger(app.get(PinoNestLogger));
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  // Before any route: a span and a latency observation per request, and GET /metrics.
  registerHttpTelemetry(fastify);
  // Security headers. The portal and the API docs load only their own scripts; no
  // upgrade-insecure-requests, which would break the plain-HTTP development server.
  registerSecurityHeaders(fastify, {
    contentSecurityPolicy: {
      directives: { upgradeInsecureRequests: null, imgSrc: ["'self'", 'data:', 'blob:'] },
    },
  });
  // Browsers may call the API from the portal's origin(s) only (KJ_CORS_ORIGINS).
  app.enableCors({
    origin: settings().KJ_CORS_ORIGINS,
    methods: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'],
    allowedHeaders: [
      'authorization',
      'content-type',
      'if-match',
      'idempotency-key',
      'x-request-id',
      'traceparent',
    ],
    exposedHeaders: ['etag', 'location', 'retry-after', 'x-request-id', 'idempotent-replayed'],
    maxAge: 600,
  });
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
  const { PORT: port, HOST: host, NODE_ENV } = settings(); // checked first: a wrong setting stops here
  const tracing = startTracing('kjflow-api');
  const app = await createApp();
  await app.listen(port, host);
  Logger.log(
    `kjflow API listening on http://${host}:${port} (docs at /docs, metrics at /metrics; ${NODE_ENV}; ` +
      `tracing ${tracing.enabled ? 'exported by OTLP' : 'off (set OTEL_EXPORTER_OTLP_ENDPOINT)'})`,
    'Bootstrap',
  );
}

if (require.main === module) {
  main().catch((err) => {
    // A settings error is the whole message; anything else with its stack.
    console.error(err instanceof SettingsError ? err.message : err);
    process.exit(1);
  });
}
