import pino from 'pino';
import type { Logger as TemporalLogger, LogLevel, LogMetadata } from '@temporalio/common';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory } from '@temporalio/worker';
import { Runtime } from '@temporalio/worker';
import type { CountNotification } from '@kjflow/activities';

/**
 * The worker's logs, metrics and (with tracing.ts of libs/temporal) traces.
 *
 * Logs: JSON lines (pino) on stdout. The SDK's own messages and the activity and workflow
 * loggers come through Runtime.install's logger, with the SDK's attributes (workflowId, runId,
 * activityType, taskQueue, …), so each line names the workflow it is about.
 *
 * Metrics: the Temporal SDK core's Prometheus exporter (workflow and activity task latencies,
 * slots, polls, sticky cache, `temporal_activity_execution_failed`, …) plus kjflow's own counters
 * through the runtime's meter (`kjflow_activity_failures`, `kjflow_notifications_total`), all on
 * one endpoint, `http://<KJ_WORKER_METRICS_ADDRESS>/metrics` when that is set.
 */
export const log = pino({
  level: process.env.KJ_LOG_LEVEL || 'info',
  base: { service: 'kjflow-worker', pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: (label) => ({ level: label }) },
});

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

/** The SDK's Logger interface on pino. */
class PinoTemporalLogger implements TemporalLogger {
  log(level: LogLevel, message: string, meta?: LogMetadata) {
    const { sdkComponent, ...rest } = (meta ?? {}) as Record<string, unknown>;
    log[LEVELS[level]]({ ...rest, ...(sdkComponent ? { component: sdkComponent } : {}) }, message);
  }
  trace = (m: string, meta?: LogMetadata) => this.log('TRACE', m, meta);
  debug = (m: string, meta?: LogMetadata) => this.log('DEBUG', m, meta);
  info = (m: string, meta?: LogMetadata) => this.log('INFO', m, meta);
  warn = (m: string, meta?: LogMetadata) => this.log('WARN', m, meta);
  error = (m: string, meta?: LogMetadata) => this.log('ERROR', m, meta);
}

/** "host:port" or a port alone (then 0.0.0.0); empty: no metrics endpoint. */
export function metricsAddress(env = process.env): string | null {
  const v = env.KJ_WORKER_METRICS_ADDRESS?.trim();
  if (!v) return null;
  if (/^\d+$/.test(v)) return `0.0.0.0:${v}`;
  if (!/^[^:\s]+:\d+$/.test(v))
    throw new Error(`KJ_WORKER_METRICS_ADDRESS must be host:port or a port, not "${v}"`);
  return v;
}

/** Installs the SDK runtime once, before any connection: its logger and its metrics exporter. */
export function installRuntime(address = metricsAddress()): void {
  Runtime.install({
    logger: new PinoTemporalLogger(),
    telemetryOptions: {
      logging: { filter: { core: 'WARN', other: 'ERROR' }, forward: {} },
      ...(address ? { metrics: { prometheus: { bindAddress: address } } } : {}),
    },
  });
}

/**
 * Counts activity attempts that failed (each retry counts), by activity type; the SDK logs each
 * failure itself (with the workflow id) and counts failed executions in
 * `temporal_activity_execution_failed`.
 */
export const activityFailures: ActivityInterceptorsFactory = (ctx) => {
  const counter = Runtime.instance().metricMeter.createCounter(
    'kjflow_activity_failures',
    '1',
    'Activity attempts that threw, by activity type',
  );
  const inbound: ActivityInboundCallsInterceptor = {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        counter.add(1, { activity_type: ctx.info.activityType });
        throw err;
      }
    },
  };
  return { inbound };
};

/**
 * Counts notification deliveries by kind, channel and outcome: an in-app row written (`sent`), an
 * e-mail the SMTP server took (`sent`) or an attempt that failed (`failed`, each retry counts).
 * The notification activities (libs/activities) call it where they deliver; installRuntime first.
 */
export function notificationCounter(): CountNotification {
  const counter = Runtime.instance().metricMeter.createCounter(
    'kjflow_notifications_total',
    '1',
    'Notification deliveries, by kind, channel (in_app, email) and outcome (sent, failed)',
  );
  return ({ kind, channel, outcome }) => counter.add(1, { kind, channel, outcome });
}
