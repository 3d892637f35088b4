import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { SentUpdate } from '@kjflow/persistence';

/** What became of an update sent by an attempt that went unanswered. */
export type UpdateFate = 'applied' | 'refused' | 'absent' | 'unknown';

/** Runs looked at, newest first, when the update is not in the current one. */
const MAX_RUNS = 20;

/**
 * Asks Temporal what became of an update, within `deadlineMs`: it ran (`applied`), its workflow
 * refused it (`refused`), Temporal never took it (`absent`), or no answer yet (`unknown`).
 * Temporal keeps an update's outcome with the run that took it, and a workflow that has since
 * continued as new answers only for its current run: the earlier runs are asked too.
 */
export async function updateFate(client: Client, u: SentUpdate, deadlineMs: number): Promise<UpdateFate> {
  const ask = (runId?: string) =>
    client.connection.withDeadline(Date.now() + deadlineMs, () =>
      client.workflow
        .getHandle(u.workflowId)
        .getUpdateHandle(u.updateId, runId ? { workflowRunId: runId } : undefined)
        .result(),
    );
  const fate = async (runId?: string): Promise<UpdateFate> => {
    try {
      await ask(runId);
      return 'applied';
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) return 'refused';
      if (err instanceof WorkflowNotFoundError) return 'absent';
      return 'unknown';
    }
  };
  const current = await fate();
  if (current !== 'absent') return current;
  try {
    const runs: string[] = [];
    const query = `WorkflowId = '${u.workflowId.replace(/'/g, "\\'")}'`;
    for await (const run of client.workflow.list({ query, pageSize: MAX_RUNS })) {
      runs.push(run.runId);
      if (runs.length >= MAX_RUNS) break;
    }
    for (const runId of runs) {
      const earlier = await fate(runId);
      if (earlier !== 'absent') return earlier;
    }
  } catch {
    return 'unknown';
  }
  return 'absent';
}
