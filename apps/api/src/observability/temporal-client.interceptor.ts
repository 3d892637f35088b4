import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { apiMetrics } from './metrics';

/** The workflow a client call is about, whatever the call's input shape. */
function workflowIdOf(input: unknown): string | undefined {
  const i = input as {
    workflowId?: string;
    options?: { workflowId?: string };
    workflowExecution?: { workflowId?: string };
    workflowStartOptions?: { workflowId?: string };
  };
  return (
    i.workflowExecution?.workflowId ??
    i.options?.workflowId ??
    i.workflowStartOptions?.workflowId ??
    i.workflowId
  );
}

const OPERATIONS = [
  'start',
  'startWithDetails',
  'signal',
  'signalWithStart',
  'startUpdate',
  'startUpdateWithStart',
  'query',
  'describe',
  'terminate',
  'cancel',
] as const;

/**
 * Every call of the API's Temporal client: bounded by a deadline (so a Temporal that hangs
 * answers 503 instead of holding the request), counted by operation and outcome, and the
 * workflow id it concerns handed to the request's log (`onWorkflow`).
 */
export function temporalClientInterceptor(
  connection: Connection,
  deadlineMs: number,
  onWorkflow: (workflowId: string) => void,
): WorkflowClientInterceptor {
  const wrap =
    (operation: string) =>
    async (input: unknown, next: (input: unknown) => Promise<unknown>): Promise<unknown> => {
      const workflowId = workflowIdOf(input);
      if (workflowId) onWorkflow(workflowId);
      try {
        const out = await connection.withDeadline(Date.now() + deadlineMs, () => next(input));
        apiMetrics.temporalCalls.inc({ operation, outcome: 'ok' });
        return out;
      } catch (err) {
        apiMetrics.temporalCalls.inc({ operation, outcome: 'error' });
        throw err;
      }
    };
  return Object.fromEntries(OPERATIONS.map((op) => [op, wrap(op)])) as WorkflowClientInterceptor;
}
