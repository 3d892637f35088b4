import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { Actor, assertMaySetCasePolicy, CasePolicy, workflowIds } from '@kjflow/domain';
import { TASK_QUEUE } from '@kjflow/temporal';
import { saveCasePolicyUpdate } from '@kjflow/workflows';
import type { casePolicyWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CasePolicyQueryService } from './case-policy-query.service';

/** An administrator sets the case timings: a new version through the policy's workflow. */
@Injectable()
export class CasePolicyCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: CasePolicyQueryService,
  ) {}

  async set(policy: CasePolicy, actor: Actor): Promise<CasePolicy> {
    assertMaySetCasePolicy(actor);
    await this.temporal.workflow.executeUpdateWithStart(saveCasePolicyUpdate, {
      startWorkflowOperation: new WithStartWorkflowOperation<typeof casePolicyWorkflow>(
        'casePolicyWorkflow',
        {
          workflowId: workflowIds.casePolicy(),
          workflowIdConflictPolicy: 'USE_EXISTING',
          taskQueue: TASK_QUEUE,
          args: [{}],
        },
      ),
      args: [{ actorId: actor.id, actorRoles: actor.roles, policy }],
    });
    return this.query.inForce();
  }
}
