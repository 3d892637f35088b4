import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadAwards,
  formatShanghai,
  notFound,
  OBJECTION_OUTCOME_LABELS,
  ObjectionOutcome,
  Page,
  PageQuery,
} from '@kjflow/domain';
import { AwardEntity, AwardRepository } from '@kjflow/persistence';
import { awardView, AwardView } from './award-views';

export const AWARD = { zh: '立项决定', en: 'Award' };

/** Reading awards: one award or a call's, for the staff and auditors; the public notice for anyone. */
@Injectable()
export class AwardsQueryService {
  private readonly awards: AwardRepository;

  constructor(ds: DataSource) {
    this.awards = new AwardRepository(ds);
  }

  async get(id: string, actor: Actor): Promise<AwardView> {
    assertMayReadAwards(actor);
    return this.view(id);
  }

  async ofCall(callId: string, page: PageQuery, actor: Actor): Promise<Page<AwardView>> {
    assertMayReadAwards(actor);
    const ids = await this.awards.pageOfCall(callId, page);
    return { items: await Promise.all(ids.items.map((id) => this.view(id))), next: ids.next };
  }

  /** The public notice (no login): titles, host institutions and amounts, the period in Beijing time. */
  async publicNotice(id: string) {
    const award = await this.view(id);
    if (!award.notice) throw notFound({ zh: '公示', en: 'Public notice' });
    // 更正公示: each changed outcome, with the answer given (objectors' identities stay private).
    const changes = await this.awards.corrections(id);
    return {
      id: award.id,
      callId: award.callId,
      status: award.status,
      notice: award.notice,
      corrections: changes.map((c) => ({
        applicationId: c.applicationId,
        title: c.title,
        outcome: c.status,
        outcomeLabel: OBJECTION_OUTCOME_LABELS[c.status as ObjectionOutcome],
        answer: c.answer,
        decidedAtLocal: formatShanghai(c.decidedAt!),
      })),
      items: award.items
        .filter((i) => i.status !== 'cancelled')
        .map(({ applicationId, title, institution, amountFen }) => ({
          applicationId,
          title,
          institution,
          amountFen,
        })),
    };
  }

  /** The award as a command leaves it (the command service has checked who may act). */
  async view(id: string): Promise<AwardView> {
    const a = await this.row(id);
    return awardView(a, await this.awards.items(id), await this.awards.horseRace(id));
  }

  async row(id: string): Promise<AwardEntity> {
    const a = await this.awards.find(id);
    if (!a) throw notFound(AWARD);
    return a;
  }
}
