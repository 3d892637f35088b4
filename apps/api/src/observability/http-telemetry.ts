import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { apiMetrics } from './metrics';

const tracer = trace.getTracer('kjflow-api');

/** What the hooks keep on a request. */
interface Telemetry {
  span?: ReturnType<typeof tracer.startSpan>;
}
const TELEMETRY = Symbol('kjflow.telemetry');
type WithTelemetry = FastifyRequest & { [TELEMETRY]?: Telemetry };

/** The route template ('/applications/:id'); unmatched paths share one label. */
function routeOf(req: FastifyRequest): string {
  return req.routeOptions?.url ?? 'unmatched';
}

/**
 * Fastify hooks, registered before any route: each request becomes a server span (continuing a
 * caller's W3C `traceparent`), active while the request runs so the Temporal client's
 * interceptor starts its spans under it; its latency is observed by route template. The trace
 * id is also on the request for the log line (`traceId`) and in the `traceparent` response header.
 */
export function registerHttpTelemetry(fastify: FastifyInstance): void {
  fastify.addHook('onRequest', (req, reply, done) => {
    const parent = propagation.extract(context.active(), req.headers);
    const span = tracer.startSpan(
      `${req.method} ${routeOf(req)}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          'http.request.method': req.method,
          'http.route': routeOf(req),
          'url.path': req.url.split('?')[0],
          'kjflow.request_id': String(req.id),
        },
      },
      parent,
    );
    (req as WithTelemetry)[TELEMETRY] = { span };
    void reply.header('x-request-id', req.id);
    const traceId = span.spanContext().traceId;
    if (span.isRecording()) {
      (req.raw as { traceId?: string }).traceId = traceId;
      void reply.header('traceparent', `00-${traceId}-${span.spanContext().spanId}-01`);
    }
    // The rest of the request (middleware, guards, the handler) runs inside the span's context.
    context.with(trace.setSpan(parent, span), done);
  });
  fastify.addHook('onResponse', (req: FastifyRequest, reply: FastifyReply, done) => {
    const route = routeOf(req);
    const status = reply.statusCode;
    apiMetrics.httpDuration.observe(
      { method: req.method, route, status_code: String(status) },
      reply.elapsedTime / 1000,
    );
    const span = (req as WithTelemetry)[TELEMETRY]?.span;
    if (span) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
  // Prometheus scrapes this; it is not part of the API document (keep it off the public LB).
  fastify.get('/metrics', async (_req, reply) => {
    void reply.header('content-type', apiMetrics.registry.contentType);
    return apiMetrics.registry.metrics();
  });
}
