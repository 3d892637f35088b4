import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

/**
 * The API's Prometheus metrics (`GET /metrics`): HTTP latency by route template (not by URL, so
 * ids do not explode the series), commands sent to Temporal and their refusals, and the Node
 * process's own (event-loop lag, heap, GC, handles).
 */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'kjflow_http_request_duration_seconds',
    help: 'HTTP request latency by method, route template and status code',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly temporalCalls = new Counter({
    name: 'kjflow_temporal_client_calls_total',
    help: 'Calls of the Temporal client by operation (start, update, signal, query, …) and outcome',
    labelNames: ['operation', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly unavailable = new Counter({
    name: 'kjflow_http_unavailable_total',
    help: 'Requests answered 503 because a dependency was missing, by what was missing',
    labelNames: ['missing'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'kjflow_api_' });
  }
}

/** One per process: the Fastify hooks, the Temporal client interceptor and the error filter share it. */
export const apiMetrics = new ApiMetrics();
