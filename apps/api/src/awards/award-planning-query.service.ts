import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayManageAwards,
  assertRoundOfCall,
  awardOptionsOf,
  calendarBasisView,
  fixedNoticePeriod,
  formatShanghai,
  nextInRanking,
  shanghaiDate,
  workingDayDeadline,
} from '@kjflow/domain';
import { AwardRepository, CalendarRepository } from '@kjflow/persistence';
import { CallsService } from '../calls/calls.service';
import { ReviewQueryService } from '../reviews/review-query.service';

/**
 * What deciding awards on a call rests on: the program's award options, the budget committed,
 * the round's ranking and who is next in it, and the notice a publication would run.
 */
@Injectable()
export class AwardPlanningQueryService {
  private readonly awards: AwardRepository;
  private readonly calendar: CalendarRepository;

  constructor(
    ds: DataSource,
    private readonly calls: CallsService,
    private readonly reviews: ReviewQueryService,
  ) {
    this.awards = new AwardRepository(ds);
    this.calendar = new CalendarRepository(ds);
  }

  /**
   * 递补: who is next when an award is cancelled or forfeited: the best-ranked application of the
   * round without a live award, with its score, and the budget left to offer it.
   */
  async next(callId: string, roundId: string, actor: Actor) {
    assertMayManageAwards(actor);
    const next = nextInRanking(await this.ranking(callId, roundId), await this.taken(callId));
    const { totalBudgetFen } = await this.calls.entity(callId);
    return {
      next: next
        ? { applicationId: next.applicationId, title: next.title, rank: next.rank, score: next.rankingScore }
        : null,
      remainingBudgetFen: totalBudgetFen === null ? null : totalBudgetFen - (await this.committedFen(callId)),
    };
  }

  /** The notice a publication at `publishAt` would run: the program's working days, or its fixed period. */
  async noticePreview(callId: string, publishAt: Date, actor: Actor) {
    assertMayManageAwards(actor);
    await this.calls.entity(callId);
    const { noticeWorkingDays, noticePeriod } = await this.options(callId);
    const { end, lastDay, calendar } = noticePeriod
      ? fixedEnd(publishAt, noticePeriod)
      : await this.workingDayEnd(publishAt, noticeWorkingDays);
    return {
      workingDays: noticeWorkingDays,
      start: publishAt.toISOString(),
      end: end.toISOString(),
      lastDay,
      startLocal: formatShanghai(publishAt),
      endLocal: formatShanghai(end),
      calendar,
    };
  }

  /** The same count the award's workflow makes: on the calendar in force, official or provisional. */
  private async workingDayEnd(from: Date, workingDays: number) {
    const d = workingDayDeadline(await this.calendar.inForceFrom(from), from, workingDays);
    return { end: d.end, lastDay: d.lastDay, calendar: calendarBasisView(d.basis) };
  }

  /** The program template's award options (defaults for calls without one). */
  async options(callId: string) {
    return awardOptionsOf(await this.awards.templateOfCall(callId));
  }

  /** What the call has committed: live items of awards neither returned nor cancelled. */
  committedFen(callId: string): Promise<number> {
    return this.awards.committedFen(callId);
  }

  /** Applications of the call that already hold a live award (passed over by the ranking). */
  taken(callId: string): Promise<string[]> {
    return this.awards.takenApplications(callId);
  }

  /** The ranking of a round of this call (404 for another call's round). */
  async ranking(callId: string, roundId: string) {
    await this.assertRoundOfCall(callId, roundId);
    return (await this.reviews.results(roundId)).results;
  }

  async assertRoundOfCall(callId: string, roundId: string): Promise<void> {
    assertRoundOfCall(await this.awards.callOfRound(roundId), callId);
  }
}

/** A fixed period runs on the clock: no calendar is consulted. */
function fixedEnd(from: Date, period: string) {
  const end = new Date(fixedNoticePeriod(from.getTime(), period).end);
  return { end, lastDay: shanghaiDate(end), calendar: null };
}
