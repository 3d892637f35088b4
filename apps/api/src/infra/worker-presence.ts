import { Logger } from '@nestjs/common';
import type { Connection, WorkflowClientInterceptor } from '@temporalio/client';
import { temporalUnavailable, workerUnavailable } from '@kjflow/domain';

/** An answer is reused this long, so /health and a burst of commands cost one call per 2 s. */
const CACHE_MS = 2000;
const ASK_TIMEOUT_MS = 3000;
const TASK_QUEUE_TYPE_WORKFLOW = 1; // temporal.api.enums.v1.TaskQueueType

/**
 * How recent a poll must be to count. The server records a poller's time when a poll request
 * starts and ends, and an idle worker's poll lasts the server's long-poll interval
 * (`matching.longPollExpirationInterval`: 60 s by default, 5 s on the dev server that
 * tools/temporal.js starts), so the window must exceed it or an idle worker looks gone.
 */
export function workerSeenWithinMs(env = process.env): number {
  const seconds = Number(env.KJ_WORKER_SEEN_SECONDS || 70);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new Error(
      `KJ_WORKER_SEEN_SECONDS must be a positive number of seconds, not "${env.KJ_WORKER_SEEN_SECONDS}"`,
    );
  return seconds * 1000;
}

export interface WorkerCheck {
  ok: boolean;
  latencyMs: number;
  /** Workers that polled within the window. */
  pollers: number;
  error?: string;
}

interface Answer {
  at: number;
  check: WorkerCheck;
  /** False only when Temporal said no worker polls; unknown (Temporal unreachable) is not "absent". */
  absent: boolean;
  /** Temporal could not be asked within ASK_TIMEOUT_MS: a command would meet the same. */
  unreachable?: boolean;
}

/**
 * Is a worker polling the task queue? Asked of Temporal (DescribeTaskQueue, workflow task queue),
 * not assumed: a command sent while none polls would wait for one instead of being answered.
 */
export class WorkerPresence {
  private answer?: Answer;
  private asking?: Promise<Answer>;

  constructor(
    private readonly connection: Connection,
    private readonly namespace: string,
    readonly taskQueue: string,
    private readonly seenWithinMs = workerSeenWithinMs(),
    private readonly retryAfterSeconds = 5,
  ) {}

  /** For /health: the answer of the last 2 s, else a fresh one. */
  async check(): Promise<WorkerCheck> {
    return (await this.current()).check;
  }

  /**
   * Refuses a command while no worker polls (503 `worker_unavailable`), or while Temporal cannot
   * be asked within ASK_TIMEOUT_MS (503 `service_unavailable`: a command would hang or fail the
   * same way). A cached refusal is asked again, so a worker or a Temporal that has just come back
   * is never refused.
   */
  async assertPolling(): Promise<void> {
    const cached = this.answer;
    let answer = await this.current();
    if ((answer.absent || answer.unreachable) && answer === cached) answer = await this.ask();
    if (answer.unreachable) throw temporalUnavailable(this.retryAfterSeconds);
    if (answer.absent) throw workerUnavailable(this.retryAfterSeconds);
  }

  private current(): Promise<Answer> {
    if (this.answer && Date.now() - this.answer.at < CACHE_MS) return Promise.resolve(this.answer);
    return this.ask();
  }

  /** One question in flight at a time; concurrent callers share it. */
  private ask(): Promise<Answer> {
    this.asking ??= this.describe().finally(() => (this.asking = undefined));
    return this.asking;
  }

  private async describe(): Promise<Answer> {
    const started = Date.now();
    let answer: Answer;
    try {
      const { pollers } = await this.connection.withDeadline(started + ASK_TIMEOUT_MS, () =>
        this.connection.workflowService.describeTaskQueue({
          namespace: this.namespace,
          taskQueue: { name: this.taskQueue },
          taskQueueType: TASK_QUEUE_TYPE_WORKFLOW,
        }),
      );
      const now = Date.now();
      const ages = pollers.map((p) => now - toMs(p.lastAccessTime));
      const fresh = ages.filter((age) => age <= this.seenWithinMs).length;
      const check: WorkerCheck = { ok: fresh > 0, latencyMs: now - started, pollers: fresh };
      if (!fresh)
        check.error =
          `no worker has polled task queue "${this.taskQueue}" in the last ${this.seenWithinMs / 1000} s` +
          (ages.length ? ` (last poll ${Math.round(Math.min(...ages) / 1000)} s ago)` : '');
      answer = { at: now, check, absent: !fresh };
    } catch (err) {
      const error = `cannot ask Temporal: ${err instanceof Error ? err.message : String(err)}`;
      answer = {
        at: Date.now(),
        check: { ok: false, latencyMs: Date.now() - started, pollers: 0, error },
        absent: false,
        unreachable: true,
      };
    }
    this.answer = answer;
    return answer;
  }
}

function toMs(t: { seconds?: unknown; nanos?: number | null } | null | undefined): number {
  return t ? Number(t.seconds ?? 0) * 1000 + Math.floor((t.nanos ?? 0) / 1e6) : 0;
}

/**
 * The backstop in the Temporal client: whatever sends a command (start, update, update-with-start,
 * signal) is refused while no worker polls, even from a route not declared `command: true`.
 * Declared routes are refused earlier, before they write anything (WorkerGateInterceptor).
 */
export function workerGate(presence: WorkerPresence): WorkflowClientInterceptor {
  const log = new Logger('WorkerGate');
  const gate = async () => {
    try {
      await presence.assertPolling();
    } catch (err) {
      log.warn('refused a command in the Temporal client: its route should declare `command: true`');
      throw err;
    }
  };
  return {
    startWithDetails: async (input, next) => (await gate(), next(input)),
    startUpdate: async (input, next) => (await gate(), next(input)),
    startUpdateWithStart: async (input, next) => (await gate(), next(input)),
    signal: async (input, next) => (await gate(), next(input)),
    signalWithStart: async (input, next) => (await gate(), next(input)),
  };
}
