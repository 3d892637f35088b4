/**
 * The round benchmark's baseline (bench/round.bench.ts): a workflow that does nothing but take
 * `updates` no-op updates and then end, so the server's cost of a start and an update is all the
 * baseline measures. Bundled and run only by the benchmark's own in-process worker.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const pokeUpdate = defineUpdate<number, [number]>('poke');

export async function baselineWorkflow(updates: number): Promise<number> {
  let received = 0;
  setHandler(pokeUpdate, (n) => {
    received++;
    return n;
  });
  await condition(() => received >= updates);
  return received;
}
