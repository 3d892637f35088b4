import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoggerModule, PinoLogger } from 'nestjs-pino';
import { settings } from '../settings';

/** A caller's request id is kept if it looks like one; otherwise the API makes one. */
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type Req = IncomingMessage & { id?: string; traceId?: string };

/**
 * Structured JSON logs (pino), one line per event on stdout. Every line written while a request
 * runs carries its `reqId` (also sent back as `x-request-id`), and, once known, the `userId`
 * (AuthGuard), the `workflowId` a command went to (the Temporal client interceptor) and the
 * `traceId` of its OpenTelemetry trace. The request's closing line ("request completed") has
 * them all, with the route, the status and the time taken.
 */
export const loggerModule = LoggerModule.forRootAsync({
  // A factory, so that the settings are read when the app is made (after main() checked them).
  useFactory: () => ({
    assignResponse: true,
    // The module's default route pattern ('{/*splat}') matches nothing under Nest 12's Fastify
    // middleware (no request was logged); this one matches every path.
    forRoutes: ['{*splat}'],
    pinoHttp: {
      level: settings().KJ_LOG_LEVEL,
      base: { service: 'kjflow-api' },
      timestamp: () => `,"time":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // Fastify has named the request already (requestId below); pino-http keeps req.id.
      genReqId: (req: IncomingMessage) => (req as Req).id ?? requestId(req),
      customProps: (req: IncomingMessage) => {
        const traceId = (req as Req).traceId;
        return traceId ? { traceId } : {};
      },
      // Only what helps to find a request: no headers (tokens), no bodies.
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
      customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'error' : 'info'),
      autoLogging: { ignore: (req: IncomingMessage) => req.url === '/metrics' },
    },
  }),
});

/** The request's id: the caller's `x-request-id` if it looks like one, else a new UUID. */
export function requestId(req: IncomingMessage): string {
  const given = req.headers['x-request-id'];
  return typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
}

/** Adds fields to the current request's log lines; outside a request it does nothing. */
export function logFields(logger: PinoLogger) {
  return (fields: Record<string, unknown>) => {
    try {
      logger.assign(fields);
    } catch {
      /* not in a request (start-up, a timer) */
    }
  };
}
