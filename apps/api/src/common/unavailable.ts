import {
  ApplicationFailure,
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { databaseUnavailable, DomainError, temporalUnavailable } from '@kjflow/domain';

/**
 * Errors that mean a dependency is down rather than that the request is wrong or the code
 * broken: PostgreSQL unreachable (refused, reset, shutting down, out of connections, a pool
 * that cannot connect in time) or Temporal unreachable (gRPC UNAVAILABLE, a deadline passed, an
 * update refused while its workflow's task is being retried, an update the worker dropped).
 * Each becomes a 503 `service_unavailable` with Retry-After, instead of a 500.
 */

/** Node's socket errors and PostgreSQL's SQLSTATEs of class 08 (connection), 57P0x (shutdown), 53300. */
const PG_DOWN_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
]);
/** gRPC status codes (grpc.status): a server that cannot be reached, a call past its deadline. */
const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_FAILED_PRECONDITION = 9;
/**
 * An update to a workflow whose last workflow task failed or timed out (a busy worker): the server
 * refuses it until the task is retried, seconds later. Transient, like a deadline.
 */
const WORKFLOW_TASK_FAILED = /Workflow Task in failed state/i;
/**
 * The server's rejection of an update that reached a worker whose workflow task completed without
 * taking it up (seen once in 3,000 updates on a loaded machine). Rejected before acceptance, so it
 * changed nothing and left no trace: the same update sent again is delivered anew.
 */
const UNPROCESSED_UPDATE = 'UnprocessedUpdate';

const PG_DOWN_MESSAGES = [
  /^Connection terminated/, // pg: the server closed the connection
  /timeout exceeded when trying to connect/, // pg-pool: connectionTimeoutMillis passed
  /Client has encountered a connection error/,
  /Connection ended unexpectedly/,
];

function causes(err: unknown): unknown[] {
  const out: unknown[] = [];
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 6; depth++) {
    out.push(e);
    const x = e as { driverError?: unknown; cause?: unknown };
    e = x.driverError ?? x.cause;
  }
  return out;
}

export function isDatabaseDown(err: unknown): boolean {
  return causes(err).some((e) => {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && (PG_DOWN_CODES.has(code) || code.startsWith('08'))) return true;
    return typeof message === 'string' && PG_DOWN_MESSAGES.some((m) => m.test(message));
  });
}

export function isTemporalDown(err: unknown): boolean {
  return causes(err).some((e) => {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    if (e instanceof ApplicationFailure) return e.type === UNPROCESSED_UPDATE;
    if (isGrpcServiceError(e))
      return (
        e.code === GRPC_UNAVAILABLE ||
        e.code === GRPC_DEADLINE_EXCEEDED ||
        (e.code === GRPC_FAILED_PRECONDITION && WORKFLOW_TASK_FAILED.test(e.details ?? e.message))
      );
    // The SDK wraps some gRPC failures in a ServiceError whose cause is the gRPC error (above).
    return e instanceof ServiceError && /deadline|unavailable|connect/i.test(e.message);
  });
}

/** The 503 for a dependency that is down, or null when `err` is something else. */
export function unavailable(err: unknown, retryAfterSeconds: number): DomainError | null {
  if (isDatabaseDown(err)) return databaseUnavailable(retryAfterSeconds);
  if (isTemporalDown(err)) return temporalUnavailable(retryAfterSeconds);
  return null;
}
