import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertCallReferences,
  assertDeadlineAhead,
  CallFilter,
  CallSpec,
  CallView,
  CreateCallInput,
  DomainError,
  formatShanghai,
  notFound,
  Page,
  PageQuery,
  workflowIds,
} from '@kjflow/domain';
import { CallEntity, CallRepository, mapPage } from '@kjflow/persistence';
import { KjCallId, KjMode, KjStage, TASK_QUEUE } from '@kjflow/temporal';
import { callCreatedUpdate } from '@kjflow/workflows';
import { TemplatesService } from '../guides/templates.service';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { commandId } from '../common/command-context';

const CALL = { zh: '申报批次', en: 'Call' };

@Injectable()
export class CallsService {
  private readonly calls: CallRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly templates: TemplatesService,
  ) {
    this.calls = new CallRepository(ds);
  }

  /** Starts the call's workflow and returns once it has written the read model. */
  async create(input: CreateCallInput, actor: Actor): Promise<CallView> {
    assertDeadlineAhead(input.windowEnd, Date.now());
    const refs = await this.references(input);
    const spec: CallSpec = {
      id: commandId(),
      title: input.title,
      mode: input.mode,
      windowStart: new Date(input.windowStart).toISOString(),
      windowEnd: new Date(input.windowEnd).toISOString(),
      budgetCapFen: input.budgetCapFen,
      ...(input.totalBudgetFen ? { totalBudgetFen: input.totalBudgetFen } : {}),
      createdBy: actor.id,
      ...(input.invitedInstitutionIds ? { invitedInstitutionIds: input.invitedInstitutionIds } : {}),
      ...refs,
    };
    // Started by type name: the API never loads workflow code.
    const start = new WithStartWorkflowOperation('callWorkflow', {
      workflowId: workflowIds.call(spec.id),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [spec],
      typedSearchAttributes: [
        { key: KjCallId, value: spec.id },
        { key: KjMode, value: spec.mode },
        { key: KjStage, value: 'call' },
      ],
    });
    await this.temporal.workflow.executeUpdateWithStart(callCreatedUpdate, { startWorkflowOperation: start });
    return this.get(spec.id);
  }

  /** The template (its current version, of the call's mode) and the directed topic, checked. */
  private async references(input: CreateCallInput): Promise<{ templateId?: string; topicId?: string }> {
    // The current version, as a guide would pin it; unknown is a field error here, not a 404.
    const template = input.templateCode
      ? await this.templates.current(input.templateCode).catch((err: unknown) => {
          if (err instanceof DomainError && err.code === 'not_found') return null;
          throw err;
        })
      : undefined;
    assertCallReferences({
      mode: input.mode,
      template: template === undefined ? undefined : template && { mode: template.template.mode },
      topicExists: input.topicId ? await this.calls.topicExists(input.topicId) : undefined,
    });
    return {
      ...(template ? { templateId: template.id } : {}),
      ...(input.topicId ? { topicId: input.topicId } : {}),
    };
  }

  async list(filter: CallFilter, page: PageQuery): Promise<Page<CallView>> {
    return mapPage(await this.calls.page(filter, page), toCallView);
  }

  async get(id: string): Promise<CallView> {
    return toCallView(await this.entity(id));
  }

  async entity(id: string): Promise<CallEntity> {
    const row = await this.calls.find(id);
    if (!row) throw notFound(CALL);
    return row;
  }
}

export function toCallView(c: CallEntity): CallView {
  return {
    id: c.id,
    title: c.title,
    mode: c.mode,
    status: c.status,
    windowStart: c.windowStart.toISOString(),
    windowEnd: c.windowEnd.toISOString(),
    windowEndLocal: `${formatShanghai(c.windowEnd)} (Asia/Shanghai)`,
    budgetCapFen: c.budgetCapFen,
    invitedInstitutionIds: c.invitedInstitutionIds,
    templateId: c.templateId,
    topicId: c.topicId,
    createdAt: c.createdAt.toISOString(),
  };
}
