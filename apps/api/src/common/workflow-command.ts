import { WorkflowHandle, WorkflowNotFoundError } from '@temporalio/client';
import { DomainError } from '@kjflow/domain';

/**
 * Sends a command (an update) to an entity's workflow. Once the workflow has finished its stage
 * the read model is final, so `ruleOnFinalState` — the same domain rule the workflow would
 * apply — explains the refusal; if it has nothing to say, the stage is over.
 */
export async function sendCommand<T>(
  handle: WorkflowHandle,
  ruleOnFinalState: () => unknown | Promise<unknown>,
  send: (handle: WorkflowHandle) => Promise<T>,
): Promise<T> {
  try {
    return await send(handle);
  } catch (err) {
    if (!(err instanceof WorkflowNotFoundError)) throw err;
    await ruleOnFinalState();
    throw new DomainError('invalid_state', {
      zh: '流程已结束本阶段，不能执行此操作',
      en: 'This has left the stage; the action is no longer possible',
    });
  }
}
