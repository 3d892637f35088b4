/**
 * bench/update-cost.bench.ts: what an update costs the server when the workflow does what a
 * product command does after it (a local activity's write, a regular activity, a deadline timer
 * moved), beside the no-op update of the round's baseline. Bundled only by that benchmark's worker.
 */
import {
  condition,
  defineUpdate,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  sleep,
  CancellationScope,
  isCancellation,
} from '@temporalio/workflow';
import type * as activities from './update-cost.activities';

/** An update carrying what an expert's answer carries: the command's arguments. */
export interface Poke {
  n: number;
  body: string;
}
export const pokeUpdate = defineUpdate<{ n: number; view: string }, [Poke]>('poke');

const local = proxyLocalActivities<typeof activities>({ startToCloseTimeout: '10s' });
const remote = proxyActivities<typeof activities>({ startToCloseTimeout: '10s' });

/** The answer's view as the product's update returns it (an invitation's state, ~300 bytes). */
const view = (n: number) => JSON.stringify({ n, status: 'accepted', at: n, pad: 'x'.repeat(240) });

function taking(updates: number, apply: (p: Poke) => Promise<void>): Promise<number> {
  let received = 0;
  setHandler(pokeUpdate, async (p) => {
    await apply(p);
    received++;
    return { n: p.n, view: view(p.n) };
  });
  return condition(() => received >= updates).then(() => received);
}

export async function noopUpdateWorkflow(updates: number): Promise<number> {
  return taking(updates, async () => undefined);
}

export async function localActivityUpdateWorkflow(updates: number): Promise<number> {
  return taking(updates, async (p) => {
    await local.write(p.n);
  });
}

export async function activityUpdateWorkflow(updates: number): Promise<number> {
  return taking(updates, async (p) => {
    await remote.write(p.n);
  });
}

/** The local write, and the workflow's one deadline timer moved on each answer (cancel, start). */
export async function localActivityTimerUpdateWorkflow(updates: number): Promise<number> {
  let scope: CancellationScope | undefined;
  const arm = () => {
    scope?.cancel();
    scope = new CancellationScope();
    scope
      .run(() => sleep('30 days'))
      .catch((err) => {
        if (!isCancellation(err)) throw err;
      });
  };
  arm();
  const n = await taking(updates, async (p) => {
    await local.write(p.n);
    arm();
  });
  scope?.cancel();
  return n;
}
