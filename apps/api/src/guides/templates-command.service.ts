import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import { Actor, assertMaySaveTemplate, validateTemplate, workflowIds } from '@kjflow/domain';
import { TASK_QUEUE } from '@kjflow/temporal';
import { saveProgramTemplateUpdate } from '@kjflow/workflows';
import type { programTemplateWorkflow } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { TemplatesService } from './templates.service';

/** Saving a template: a new version through the code's workflow (`program-template-<code>`). */
@Injectable()
export class TemplatesCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: TemplatesService,
  ) {}

  async create(input: unknown, actor: Actor) {
    assertMaySaveTemplate(actor);
    const template = validateTemplate(input);
    const start = new WithStartWorkflowOperation<typeof programTemplateWorkflow>('programTemplateWorkflow', {
      workflowId: workflowIds.programTemplate(template.code),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{ code: template.code }],
    });
    await this.temporal.workflow.executeUpdateWithStart(saveProgramTemplateUpdate, {
      startWorkflowOperation: start,
      args: [{ actorId: actor.id, actorRoles: actor.roles, template }],
    });
    return this.query.get(template.code);
  }
}
