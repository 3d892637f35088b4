import { Inject, Injectable } from '@nestjs/common';
import { Client, WithStartWorkflowOperation } from '@temporalio/client';
import {
  Actor,
  assertMayDecideCalendar,
  assertMayEnterCalendar,
  CalendarDecisionInput,
  CalendarEntry,
  calendarEntryAsYear,
  workflowIds,
} from '@kjflow/domain';
import { TASK_QUEUE } from '@kjflow/temporal';
import { calendarYearWorkflow, decideCalendarYearUpdate, enterCalendarYearUpdate } from '@kjflow/workflows';
import { sendCommand } from '../common/workflow-command';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { CalendarQueryService } from './calendar-query.service';
import { commandId } from '../common/command-context';

/** Entering and approving a year of the calendar: commands to the year's workflow. */
@Injectable()
export class CalendarCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: CalendarQueryService,
  ) {}

  /** A new version of the year, pending until a second administrator approves it. */
  async enter(year: number, entry: CalendarEntry, actor: Actor) {
    assertMayEnterCalendar(actor);
    calendarEntryAsYear(year, entry); // the same rules as the bundled years, before anything is sent
    const start = new WithStartWorkflowOperation(calendarYearWorkflow, {
      workflowId: workflowIds.calendarYear(year),
      workflowIdConflictPolicy: 'USE_EXISTING',
      taskQueue: TASK_QUEUE,
      args: [{ year, ...(await this.query.numbering(year)) }],
    });
    const state = await this.temporal.workflow.executeUpdateWithStart(enterCalendarYearUpdate, {
      startWorkflowOperation: start,
      args: [{ id: commandId(), actorId: actor.id, actorRoles: actor.roles, entry }],
    });
    return this.query.version(year, state.lastVersion);
  }

  /** Approve (in force for every period counted from now on) or reject the pending version. */
  async decide(year: number, version: number, input: CalendarDecisionInput, actor: Actor) {
    await this.query.version(year, version); // 404 before anything else
    const { pending } = await this.query.numbering(year);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.calendarYear(year)),
      () => assertMayDecideCalendar(actor, year, version, pending),
      (h) =>
        h.executeUpdate(decideCalendarYearUpdate, {
          args: [
            {
              actorId: actor.id,
              actorRoles: actor.roles,
              version,
              decision: input.decision,
              comment: input.comment,
            },
          ],
        }),
    );
    return this.query.version(year, version);
  }
}
