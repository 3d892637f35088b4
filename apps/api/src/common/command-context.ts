import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash, randomUUID } from 'node:crypto';
import { WorkflowNotFoundError, type WorkflowClientInterceptor } from '@temporalio/client';
import type { SentUpdate } from '@kjflow/persistence';

/**
 * What a command sent with an Idempotency-Key derives from its key: the ids of the things it
 * creates and of the Temporal updates it sends. A retry of the same request (same caller, same
 * key) derives the same ones, so a draft created by an attempt whose answer was lost is found
 * again instead of made twice, and an update Temporal has already run is answered from its
 * outcome instead of run again (Temporal deduplicates updates by id).
 */
interface CommandContext {
  /** sha256 of caller, key and when the key was claimed: the seed of every id below. */
  seed: string;
  /** How many ids the request has taken so far (they are derived in the order taken). */
  ids: number;
  /** How many updates it has sent to each workflow. */
  perWorkflow: Map<string, number>;
  /** The updates sent, to be asked about if the request ends without an answer. */
  sent: SentUpdate[];
}

const storage = new AsyncLocalStorage<CommandContext>();

/**
 * Runs `fn` (a command's handler) with ids derived from the caller's Idempotency-Key and when it
 * was claimed: a retry derives the same ones; the key taken up again after it expired, new ones.
 */
export function runAsCommand<T>(
  key: { scope: string; key: string; claimedAt: Date },
  fn: () => T,
): { result: T; sent: SentUpdate[] } {
  const ctx: CommandContext = {
    seed: createHash('sha256')
      .update(`${key.scope}\n${key.key}\n${key.claimedAt.toISOString()}`)
      .digest('hex'),
    ids: 0,
    perWorkflow: new Map(),
    sent: [],
  };
  return { result: storage.run(ctx, fn), sent: ctx.sent };
}

/** A UUID (version 4 layout) from a hash: the same text, the same id. */
function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * The id of something a command creates: derived from the request's Idempotency-Key (the n-th id
 * the request takes), or random without a key.
 */
export function commandId(): string {
  const ctx = storage.getStore();
  if (!ctx) return randomUUID();
  return uuidFrom(`${ctx.seed}:id:${ctx.ids++}`);
}

/**
 * The Temporal client's side: an update sent within a keyed command gets a derived id (the n-th
 * update of the request to that workflow) and is noted, so that a request that ends without an
 * answer can leave its key in doubt with the updates that may yet take effect.
 */
export function commandUpdateIds(): WorkflowClientInterceptor {
  const idFor = (workflowId: string): SentUpdate | undefined => {
    const ctx = storage.getStore();
    if (!ctx) return undefined;
    const n = ctx.perWorkflow.get(workflowId) ?? 0;
    ctx.perWorkflow.set(workflowId, n + 1);
    const sent = { workflowId, updateId: `cmd-${uuidFrom(`${ctx.seed}:update:${workflowId}:${n}`)}` };
    ctx.sent.push(sent);
    return sent;
  };
  /** Sends it; one refused because its workflow does not run was certainly not taken. */
  const send = async <T>(sent: SentUpdate | undefined, next: () => Promise<T>): Promise<T> => {
    try {
      return await next();
    } catch (err) {
      const ctx = storage.getStore();
      if (sent && ctx && err instanceof WorkflowNotFoundError) ctx.sent.splice(ctx.sent.indexOf(sent), 1);
      throw err;
    }
  };
  return {
    async startUpdate(input, next) {
      const sent = input.options.updateId ? undefined : idFor(input.workflowExecution.workflowId);
      return send(sent, () =>
        next(sent ? { ...input, options: { ...input.options, updateId: sent.updateId } } : input),
      );
    },
    async startUpdateWithStart(input, next) {
      const sent = input.updateOptions.updateId ? undefined : idFor(input.workflowStartOptions.workflowId);
      return send(sent, () =>
        next(sent ? { ...input, updateOptions: { ...input.updateOptions, updateId: sent.updateId } } : input),
      );
    },
  };
}
