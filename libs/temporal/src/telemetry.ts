/* eslint-disable @typescript-eslint/no-require-imports */
import { context, propagation, trace } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { SpanProcessor } from '@opentelemetry/sdk-trace-base';

/**
 * OpenTelemetry tracing of one process (API or worker), exported by OTLP over HTTP when
 * `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, and off
 * otherwise: spans are then never recorded and nothing is sent. The Temporal SDK's interceptors
 * (@temporalio/interceptors-opentelemetry) carry the trace from the API's request through the
 * client into the workflow and its activities.
 */
export interface Tracing {
  enabled: boolean;
  resource: Resource;
  spanProcessor: SpanProcessor;
  /** Sends what is buffered (a test reads the spans right after a command). */
  flush(): Promise<void>;
  shutdown(): Promise<void>;
}

let current: Tracing | undefined;

export function tracingEnabled(env = process.env): boolean {
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

/** Installs the process's tracer provider once (the global one the interceptors use). */
export function startTracing(serviceName: string, env = process.env): Tracing {
  if (current) return current;
  const enabled = tracingEnabled(env);
  // The SDK is loaded only when tracing is on: a process starts faster without it (a restarted
  // worker must poll again within seconds).
  const { Resource } = require('@opentelemetry/resources') as typeof import('@opentelemetry/resources');
  const sdk = require('@opentelemetry/sdk-trace-base') as typeof import('@opentelemetry/sdk-trace-base');
  const resource = new Resource({ 'service.name': env.OTEL_SERVICE_NAME || serviceName });
  const spanProcessor: SpanProcessor = enabled
    ? // The exporter reads the OTEL_EXPORTER_OTLP_* variables itself (endpoint, headers, timeout).
      new sdk.BatchSpanProcessor(
        new (
          require('@opentelemetry/exporter-trace-otlp-http') as typeof import('@opentelemetry/exporter-trace-otlp-http')
        ).OTLPTraceExporter(),
        { scheduledDelayMillis: 500 },
      )
    : new sdk.NoopSpanProcessor();
  if (enabled) {
    const { AsyncLocalStorageContextManager } =
      require('@opentelemetry/context-async-hooks') as typeof import('@opentelemetry/context-async-hooks');
    const { W3CTraceContextPropagator } =
      require('@opentelemetry/core') as typeof import('@opentelemetry/core');
    const { BasicTracerProvider } = sdk;
    const provider = new BasicTracerProvider({ resource, spanProcessors: [spanProcessor] });
    provider.register({
      contextManager: new AsyncLocalStorageContextManager(),
      propagator: new W3CTraceContextPropagator(),
    });
  }
  current = {
    enabled,
    resource,
    spanProcessor,
    flush: () => spanProcessor.forceFlush(),
    shutdown: () => spanProcessor.shutdown(),
  };
  return current;
}

/** The W3C `traceparent` of the active span, for a log line or a response header. */
export function currentTraceId(): string | undefined {
  const span = trace.getSpan(context.active());
  const id = span?.spanContext().traceId;
  return id && !/^0+$/.test(id) ? id : undefined;
}

export { context, propagation, trace };
