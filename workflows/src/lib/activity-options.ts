import type { ActivityOptions } from '@temporalio/workflow';

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
