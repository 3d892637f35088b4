import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import {
  Actor,
  RaceDecisionInput,
  raceDecisionInputSchema,
  RaceResultInput,
  raceResultInputSchema,
  raceViewSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { RaceCommandService } from './race-command.service';
import { RaceQueryService } from './race-query.service';

const TAGS = ['projects'];

/** 赛马中期择优 (issue 15 §5): the race of a project, a sub-resource of /projects/:id. */
@Controller()
export class RaceController {
  constructor(
    private readonly race: RaceCommandService,
    private readonly reads: RaceQueryService,
  ) {}

  @Get('projects/:id/race')
  @Endpoint({
    summary:
      '赛马 The horse race this project is a team of: every team with its project status and mid-point result, and the decision (every party of the project)',
    tags: TAGS,
    params: idParamSchema,
    response: raceViewSchema,
    errors: { 404: 'No such project, or it is not a team of a race' },
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.reads.get(id, actor);
  }

  @Post('projects/:id/race/result')
  @Endpoint({
    summary:
      '中期比拼结果 Record this team’s mid-point result (staff; a challenge’s names the issuer’s representative); again until the decision',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: raceResultInputSchema,
    status: 200,
    response: raceViewSchema,
    command: true,
    errors: { 409: 'The comparison has not opened, or it has been decided' },
  })
  result(@Param() { id }: IdParam, @Body() body: RaceResultInput, @CurrentUser() actor: Actor) {
    return this.race.recordResult(id, body, actor);
  }

  @Post('projects/:id/race/decision')
  @Endpoint({
    summary:
      '中期择优 Decide which team(s) continue by the template’s rule (continueCount, best scores); the others are terminated without fault',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: raceDecisionInputSchema,
    status: 200,
    response: raceViewSchema,
    command: true,
    errors: { 409: 'Not every team has its result, or already decided' },
  })
  decide(@Param() { id }: IdParam, @Body() body: RaceDecisionInput, @CurrentUser() actor: Actor) {
    return this.race.decide(id, body, actor);
  }
}
