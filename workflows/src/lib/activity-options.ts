import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';

/**
 * One set of activity options for every workflow. A write is one short transaction, so a worker
 * that dies mid-step is noticed after seconds (not after a 30 s time-out) and the write is retried
 * at once; activities are idempotent by workflow id + step, so a retry never writes twice.
 */
export const WRITE_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: { initialInterval: '200 milliseconds', backoffCoefficient: 2, maximumInterval: '5 seconds' },
};

/**
 * Activities that work through many rows (the round's draw, a redraw over the pool) report a
 * heartbeat as they go: a silent worker is replaced after the heartbeat time-out, while a long
 * but living run may take its minute.
 */
export const LONG_ACTIVITY: ActivityOptions = {
  ...WRITE_ACTIVITY,
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '30 seconds',
};

/**
 * A write a person's command waits on, run as a local activity: in the worker that runs the
 * workflow task, recorded as a marker, without a round trip of an activity task through the
 * server and a second workflow task. Each answer then costs the server one workflow task, as a
 * no-op update does (issue 17: an application's commands are 40,000 of a 10,000-application
 * round's updates). Run at least once like every activity (again if the workflow task is retried),
 * and idempotent by workflow id + step like every write, so a retry never writes twice.
 */
export const LOCAL_WRITE: LocalActivityOptions = {
  startToCloseTimeout: '10 seconds',
  retry: WRITE_ACTIVITY.retry,
};
