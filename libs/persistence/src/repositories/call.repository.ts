import { DataSource, EntityManager, IsNull } from 'typeorm';
import type { CallFilter, CallSpec, CallStatus, Page, PageQuery } from '@kjflow/domain';
import { CallEntity } from '../entities/call.entity';
import { ProgramTemplateEntity } from '../entities/guide.entity';
import { atMillis, containsPattern, keysetPage } from '../pagination';
import { ProgramTemplateRepository } from './program-template.repository';

/** Calls (the read model the call workflow writes), what they refer to, and their passed lists. */
export class CallRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(CallEntity);
  }

  find(id: string): Promise<CallEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** Latest deadline first (deadlines are kept to the millisecond, so the cursor is exact). */
  page(filter: CallFilter, page: PageQuery): Promise<Page<CallEntity>> {
    const q = this.rows.createQueryBuilder('c');
    if (filter.status) q.andWhere('c.status = :status', { status: filter.status });
    if (filter.q) q.andWhere('c.title ILIKE :q', { q: containsPattern(filter.q) });
    return keysetPage(
      q,
      {
        columns: [atMillis('c.window_end'), 'c.id'],
        direction: 'DESC',
        cursorOf: (c) => [c.windowEnd.toISOString(), c.id],
      },
      page,
    );
  }

  /** The program template version the call follows, if any. */
  async templateOf(call: Pick<CallEntity, 'templateId'>): Promise<ProgramTemplateEntity | null> {
    return call.templateId ? new ProgramTemplateRepository(this.db).byId(call.templateId) : null;
  }

  async topicExists(topicId: string): Promise<boolean> {
    return (
      (await this.db
        .createQueryBuilder()
        .select('1')
        .from('topics', 't')
        .where('t.id = :topicId', { topicId })
        .getRawOne()) !== undefined
    );
  }

  /** Whether the topic (a challenge, when `challengeOnly`) is part of the guide. */
  async isTopicOfGuide(guideId: string, topicId: string, challengeOnly: boolean): Promise<boolean> {
    const q = this.db
      .createQueryBuilder()
      .select('1')
      .from('guide_topics', 'gt')
      .innerJoin('topics', 't', 't.id = gt.topic_id')
      .where('gt.guide_id = :guideId AND gt.topic_id = :topicId', { guideId, topicId });
    if (challengeOnly) q.andWhere(`t.kind = 'challenge'`);
    return (await q.getRawOne()) !== undefined;
  }

  // ---- writes, inside the activity's transaction (see appendWithChange) ----

  async insert(spec: CallSpec, status: CallStatus): Promise<void> {
    await this.rows.insert({
      id: spec.id,
      title: spec.title,
      mode: spec.mode,
      status,
      windowStart: new Date(spec.windowStart),
      windowEnd: new Date(spec.windowEnd),
      budgetCapFen: spec.budgetCapFen,
      totalBudgetFen: spec.totalBudgetFen ?? null,
      createdBy: spec.createdBy,
      templateId: spec.templateId ?? null,
      guideId: spec.guideId ?? null,
      invitedInstitutionIds: spec.invitedInstitutionIds ?? null,
      topicId: spec.topicId ?? null,
    });
  }

  async setStatus(id: string, status: CallStatus): Promise<void> {
    await this.rows.update({ id }, { status });
  }

  /** The first publication counts. */
  async markPassedListPublished(id: string, at: Date): Promise<void> {
    await this.rows.update({ id, passedListPublishedAt: IsNull() }, { passedListPublishedAt: at });
  }
}

/** The call as its workflow was started: to reopen the workflow of a closed call under its id. */
export function callSpecOf(c: CallEntity): CallSpec {
  return {
    id: c.id,
    title: c.title,
    mode: c.mode,
    windowStart: c.windowStart.toISOString(),
    windowEnd: c.windowEnd.toISOString(),
    budgetCapFen: c.budgetCapFen,
    ...(c.totalBudgetFen !== null ? { totalBudgetFen: c.totalBudgetFen } : {}),
    createdBy: c.createdBy,
    ...(c.templateId ? { templateId: c.templateId } : {}),
    ...(c.invitedInstitutionIds ? { invitedInstitutionIds: c.invitedInstitutionIds } : {}),
    ...(c.guideId ? { guideId: c.guideId } : {}),
    ...(c.topicId ? { topicId: c.topicId } : {}),
  };
}
