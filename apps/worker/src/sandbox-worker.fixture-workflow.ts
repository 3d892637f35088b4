import { condition, defineSignal, setHandler } from '@temporalio/workflow';

export const releaseSignal = defineSignal('release');

/** Waits for the release signal (sandbox-worker.spec.ts): a running workflow with pending promises. */
export async function waitsForRelease(): Promise<string> {
  let released = false;
  setHandler(releaseSignal, () => void (released = true));
  await condition(() => released);
  return 'released';
}
