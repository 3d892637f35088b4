import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import {
  Actor,
  assertRaceActor,
  assertRaceComparing,
  RaceDecisionInput,
  RaceResultInput,
  RaceView,
  workflowIds,
} from '@kjflow/domain';
import { decideRaceUpdate, recordRaceResultUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { sendCommand } from '../common/workflow-command';
import { RaceQueryService } from './race-query.service';

/** 赛马中期择优: the staff's commands, through the race's workflow `horse-race-<id>`. */
@Injectable()
export class RaceCommandService {
  constructor(
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: RaceQueryService,
  ) {}

  private async command(
    id: string,
    actor: Actor,
    send: (raceId: string) => Promise<unknown>,
  ): Promise<RaceView> {
    assertRaceActor(actor);
    const raceId = await this.query.raceOf(id, actor);
    await sendCommand(
      this.temporal.workflow.getHandle(workflowIds.horseRace(raceId)),
      // No run: not started by a team's project yet, or decided: the recorded phase says which.
      async () => assertRaceComparing(await this.query.phaseOf(raceId)),
      () => send(raceId),
    );
    return this.query.get(id, actor);
  }

  /** A team's mid-point result (this project's), recorded again until the decision. */
  recordResult(id: string, input: RaceResultInput, actor: Actor) {
    return this.command(id, actor, (raceId) =>
      this.temporal.workflow
        .getHandle(workflowIds.horseRace(raceId))
        .executeUpdate(recordRaceResultUpdate, { args: [{ actorId: actor.id, projectId: id, ...input }] }),
    );
  }

  /** The decision: the team(s) that continue; the others are terminated without fault. */
  decide(id: string, input: RaceDecisionInput, actor: Actor) {
    return this.command(id, actor, (raceId) =>
      this.temporal.workflow
        .getHandle(workflowIds.horseRace(raceId))
        .executeUpdate(decideRaceUpdate, { args: [{ actorId: actor.id, ...input }] }),
    );
  }
}
