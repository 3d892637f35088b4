import { Body, Controller, Get, Param, Post, Query } from '@nestjs/common';
import {
  Actor,
  AUDIT_ROLES,
  CalendarDecisionInput,
  calendarDecisionSchema,
  CalendarEntry,
  calendarEntrySchema,
  calendarYearParamSchema,
  PageQuery,
  pageQuerySchema,
  pageSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { CalendarCommandService } from './calendar-command.service';
import { CalendarQueryService } from './calendar-query.service';
import {
  calendarVersionParamSchema,
  calendarVersionViewSchema,
  calendarYearViewSchema,
} from './calendar.schemas';

const TAGS = ['calendar 工作日日历'];

@Controller()
export class CalendarController {
  constructor(
    private readonly query: CalendarQueryService,
    private readonly commands: CalendarCommandService,
  ) {}

  @Get('public/calendar/:year')
  @Endpoint({
    summary:
      '工作日日历 A year as working days are counted on it: days off, make-up days, source and status (official, or provisional when no notice is approved)',
    tags: TAGS,
    public: true,
    params: calendarYearParamSchema,
    response: calendarYearViewSchema,
  })
  year(@Param() { year }: { year: number }) {
    return this.query.year(year);
  }

  @Get('calendar/years/:year/versions')
  @Endpoint({
    summary: '节假日安排版本 The entered versions of a year, newest first, with their approval',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: calendarYearParamSchema,
    query: pageQuerySchema,
    response: pageSchema(calendarVersionViewSchema),
  })
  versions(@Param() { year }: { year: number }, @Query() page: PageQuery) {
    return this.query.versions(year, page);
  }

  @Post('calendar/years/:year/versions')
  @Endpoint({
    summary:
      '录入节假日安排 Enter (or correct) a year from the State Council notice; a second administrator approves it before it is used',
    tags: TAGS,
    roles: ['admin'],
    params: calendarYearParamSchema,
    body: calendarEntrySchema,
    response: calendarVersionViewSchema,
    status: 201,
    command: true,
  })
  enter(@Param() { year }: { year: number }, @Body() body: CalendarEntry, @CurrentUser() actor: Actor) {
    return this.commands.enter(year, body, actor);
  }

  @Post('calendar/years/:year/versions/:version/decision')
  @Endpoint({
    summary:
      '复核节假日安排 Approve (in force for periods counted from now on; published periods keep their end) or reject (with a comment); never the administrator who entered it',
    tags: TAGS,
    roles: ['admin'],
    params: calendarVersionParamSchema,
    body: calendarDecisionSchema,
    response: calendarVersionViewSchema,
    status: 200,
    command: true,
  })
  decide(
    @Param() { year, version }: { year: number; version: number },
    @Body() body: CalendarDecisionInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.commands.decide(year, version, body, actor);
  }
}
