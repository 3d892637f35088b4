import {
  WorkflowNotFoundError,
  type WorkflowStartUpdateInput,
  type WorkflowStartUpdateWithStartInput,
} from '@temporalio/client';
import { commandId, commandUpdateIds, runAsCommand } from './command-context';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const key = { scope: 'user-1', key: 'k-1', claimedAt: new Date('2026-12-05T10:00:00Z') };

/** What the interceptor hands on to Temporal for an update to `workflowId` (no id given). */
async function sentUpdateId(workflowId: string, updateId?: string): Promise<string | undefined> {
  let seen: string | undefined;
  const input = {
    workflowExecution: { workflowId },
    options: { updateId },
  } as unknown as WorkflowStartUpdateInput;
  await commandUpdateIds().startUpdate!(input, async (i) => {
    seen = i.options.updateId;
    return { updateId: seen!, workflowRunId: 'r' };
  });
  return seen;
}

describe('ids a keyed command derives from its Idempotency-Key', () => {
  it('a retry (same caller, key and claim) takes the same ids in the same order; another key, others', () => {
    const ids = (k: typeof key) => runAsCommand(k, () => [commandId(), commandId()]).result;
    const first = ids(key);
    expect(first[0]).toMatch(UUID);
    expect(first[0]).not.toBe(first[1]);
    expect(ids(key)).toEqual(first);
    expect(ids({ ...key, key: 'k-2' })[0]).not.toBe(first[0]);
    expect(ids({ ...key, scope: 'user-2' })[0]).not.toBe(first[0]);
    // The key taken up again after it expired is a new request: new ids.
    expect(ids({ ...key, claimedAt: new Date('2026-12-06T11:00:00Z') })[0]).not.toBe(first[0]);
  });

  it('without a key, every id is new', () => {
    expect(commandId()).toMatch(UUID);
    expect(commandId()).not.toBe(commandId());
  });

  it('numbers the updates per workflow and notes each one sent', async () => {
    const run = () =>
      runAsCommand(key, async () => [
        await sentUpdateId('application-a'),
        await sentUpdateId('application-a'),
        await sentUpdateId('call-b'),
      ]);
    const first = run();
    const ids = await first.result;
    expect(new Set(ids).size).toBe(3);
    expect(first.sent).toEqual([
      { workflowId: 'application-a', updateId: ids[0] },
      { workflowId: 'application-a', updateId: ids[1] },
      { workflowId: 'call-b', updateId: ids[2] },
    ]);
    expect(await run().result).toEqual(ids);
  });

  it('leaves updates outside a keyed command, and ids given by the caller, as they are', async () => {
    expect(await sentUpdateId('application-a')).toBeUndefined();
    const { result, sent } = runAsCommand(key, () => sentUpdateId('application-a', 'given'));
    expect(await result).toBe('given');
    expect(sent).toEqual([]);
  });

  it('forgets an update refused because its workflow does not run (certainly not taken)', async () => {
    const input = {
      workflowExecution: { workflowId: 'gone' },
      options: {},
    } as unknown as WorkflowStartUpdateInput;
    const { result, sent } = runAsCommand(key, async () => {
      await commandUpdateIds().startUpdate!(input, async () => {
        throw new WorkflowNotFoundError('not found', 'gone', undefined);
      }).catch(() => undefined);
      return sentUpdateId('application-a');
    });
    const kept = await result;
    expect(sent).toEqual([{ workflowId: 'application-a', updateId: kept }]);
  });

  it('gives an update-with-start its id from the workflow it starts', async () => {
    let seen: string | undefined;
    const input = {
      workflowStartOptions: { workflowId: 'call-c' },
      updateOptions: {},
    } as unknown as WorkflowStartUpdateWithStartInput;
    const { result, sent } = runAsCommand(key, () =>
      commandUpdateIds().startUpdateWithStart!(input, async (i) => {
        seen = i.updateOptions.updateId;
        return { workflowExecution: { workflowId: 'call-c', runId: 'r' }, updateId: seen! };
      }),
    );
    await result;
    expect(sent).toEqual([{ workflowId: 'call-c', updateId: seen }]);
  });
});
