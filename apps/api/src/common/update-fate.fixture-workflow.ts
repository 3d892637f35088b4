import { condition, continueAsNew, defineUpdate, setHandler } from '@temporalio/workflow';

/** An update whose validator refuses "no". */
export const markUpdate = defineUpdate<string, [string]>('mark');

/**
 * The shapes an update's workflow can take after it (update-fate.spec.ts): still running, closed,
 * or continued as new (whose new run knows nothing of the update).
 */
export async function fateFixture(after: 'wait' | 'close' | 'continue'): Promise<void> {
  let marked = 0;
  setHandler(
    markUpdate,
    (v) => {
      marked++;
      return v;
    },
    {
      validator: (v) => {
        if (v === 'no') throw new Error('refused');
      },
    },
  );
  await condition(() => marked > 0);
  if (after === 'continue') await continueAsNew<typeof fateFixture>('wait');
  if (after === 'wait') await condition(() => false);
}
