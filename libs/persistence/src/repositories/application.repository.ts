import { DataSource, EntityManager } from 'typeorm';
import type { ApplicationContent, ApplicationStatus, Page, PageQuery } from '@kjflow/domain';
import { ApplicationEntity } from '../entities/application.entity';
import { ApplicationVersionEntity } from '../entities/application-version.entity';
import { CallEntity } from '../entities/call.entity';
import { InstitutionEntity } from '../entities/institution.entity';
import { UserEntity } from '../entities/user.entity';
import { atMillis, keyset, keysetPage, KeysetOrder } from '../pagination';

/** An application as its readers see it: the row with its call's title and the applicant's name. */
export interface ApplicationRow {
  id: string;
  callId: string;
  callTitle: string;
  applicantId: string;
  applicantName: string;
  institutionId: string | null;
  topicId: string | null;
  /** The institution that issued the challenge answered (challenge bids only). */
  issuerInstitutionId: string | null;
  status: ApplicationStatus;
  content: ApplicationContent;
  version: number;
  submittedAt: Date | null;
  resubmitUntil: Date | null;
  updatedAt: Date;
}

/** A row of an application list: the row without its content, with the title and requested funding. */
export interface ApplicationSummaryRow extends Omit<ApplicationRow, 'content'> {
  title: string;
  requestedFen: number;
}

/** Who lists applications: an applicant's own, a host institution's, an issuer's bids, a call's. */
export type ApplicationFilter =
  | { applicantId: string }
  | { institutionId: string; status?: ApplicationStatus }
  | { issuerInstitutionId: string; status?: ApplicationStatus }
  | { callId: string; status?: ApplicationStatus };

/**
 * Newest change first (then the id). Compared at the millisecond a cursor carries, so a row
 * changed within the same millisecond as the cursor's is neither skipped nor repeated.
 */
const NEWEST_FIRST: KeysetOrder<ApplicationSummaryRow> = {
  columns: [atMillis('a.updated_at'), 'a.id'],
  direction: 'DESC',
  cursorOf: (r) => [r.updatedAt.toISOString(), r.id],
};

/** Applications (the read model the application workflow writes) and their submitted versions. */
export class ApplicationRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(ApplicationEntity);
  }

  /** The row with its call's title, its applicant's name and its challenge's issuer. */
  private joined() {
    return this.rows
      .createQueryBuilder('a')
      .innerJoin(CallEntity, 'c', 'c.id = a.call_id')
      .innerJoin(UserEntity, 'u', 'u.id = a.applicant_id')
      .leftJoin('topics', 't', 't.id = a.topic_id');
  }

  private viewQuery() {
    return this.joined()
      .addSelect('c.title', 'call_title')
      .addSelect('u.display_name', 'applicant_name')
      .addSelect('t.issuer_institution_id', 'issuer_institution_id');
  }

  /**
   * A list's columns only, read raw: the content stays in the database but for its title and
   * requested funding (the JSONB of a page of 50 was most of a list's cost: transfer, parsing,
   * entity mapping, the response's schema, its bytes on the wire).
   */
  private summaryQuery() {
    return this.joined()
      .select('a.id', 'id')
      .addSelect('a.call_id', 'call_id')
      .addSelect('c.title', 'call_title')
      .addSelect('a.applicant_id', 'applicant_id')
      .addSelect('u.display_name', 'applicant_name')
      .addSelect('a.institution_id', 'institution_id')
      .addSelect('a.topic_id', 'topic_id')
      .addSelect('t.issuer_institution_id', 'issuer_institution_id')
      .addSelect('a.status', 'status')
      .addSelect("a.content->>'title'", 'title')
      .addSelect("COALESCE((a.content->>'requestedFen')::bigint, 0)", 'requested_fen')
      .addSelect('a.version', 'version')
      .addSelect('a.submitted_at', 'submitted_at')
      .addSelect('a.resubmit_until', 'resubmit_until')
      .addSelect('a.updated_at', 'updated_at');
  }

  private static toSummary(r: Record<string, unknown>): ApplicationSummaryRow {
    return {
      id: r.id as string,
      callId: r.call_id as string,
      callTitle: r.call_title as string,
      applicantId: r.applicant_id as string,
      applicantName: r.applicant_name as string,
      institutionId: (r.institution_id as string | null) ?? null,
      topicId: (r.topic_id as string | null) ?? null,
      issuerInstitutionId: (r.issuer_institution_id as string | null) ?? null,
      status: r.status as ApplicationStatus,
      title: r.title as string,
      requestedFen: Number(r.requested_fen), // bigint arrives as a string; fen fit a double exactly
      version: r.version as number,
      submittedAt: (r.submitted_at as Date | null) ?? null,
      resubmitUntil: (r.resubmit_until as Date | null) ?? null,
      updatedAt: r.updated_at as Date,
    };
  }

  private static filter<Q extends ReturnType<ApplicationRepository['summaryQuery']>>(
    q: Q,
    f: ApplicationFilter,
  ): Q {
    if ('applicantId' in f) return q.where('a.applicant_id = :v', { v: f.applicantId });
    if ('institutionId' in f) q.where('a.institution_id = :v', { v: f.institutionId });
    else if ('issuerInstitutionId' in f)
      q.where('t.issuer_institution_id = :v', { v: f.issuerInstitutionId });
    else q.where('a.call_id = :v', { v: f.callId });
    if (f.status) q.andWhere('a.status = :status', { status: f.status });
    return q;
  }

  private static toRow(raw: Record<string, unknown>, e: ApplicationEntity): ApplicationRow {
    return {
      id: e.id,
      callId: e.callId,
      callTitle: raw.call_title as string,
      applicantId: e.applicantId,
      applicantName: raw.applicant_name as string,
      institutionId: e.institutionId,
      topicId: e.topicId,
      issuerInstitutionId: (raw.issuer_institution_id as string | null) ?? null,
      status: e.status,
      content: e.content,
      version: e.version,
      submittedAt: e.submittedAt,
      resubmitUntil: e.resubmitUntil,
      updatedAt: e.updatedAt,
    };
  }

  async find(id: string): Promise<ApplicationRow | null> {
    const { raw, entities } = await this.viewQuery().where('a.id = :id', { id }).getRawAndEntities();
    return entities[0] ? ApplicationRepository.toRow(raw[0], entities[0]) : null;
  }

  /** One page of a list, newest change first. */
  page(filter: ApplicationFilter, page: PageQuery): Promise<Page<ApplicationSummaryRow>> {
    // One query: the page's rows with their call and applicant, in the index's order
    // (applications_*_newest, migration ApplicationListIndexes).
    return keyset(ApplicationRepository.filter(this.summaryQuery(), filter), NEWEST_FIRST, page, async (q) =>
      (await q.getRawMany()).map(ApplicationRepository.toSummary),
    );
  }

  /** A page of the submitted versions, in order of submission. */
  pageOfVersions(id: string, page: PageQuery): Promise<Page<ApplicationVersionEntity>> {
    const query = this.db
      .getRepository(ApplicationVersionEntity)
      .createQueryBuilder('v')
      .where('v.application_id = :id', { id });
    return keysetPage(
      query,
      { columns: ['v.submission'], direction: 'ASC', cursorOf: (v) => [v.submission] },
      page,
    );
  }

  /** Every submitted version, in order (what two versions are compared from). */
  versions(id: string): Promise<ApplicationVersionEntity[]> {
    return this.db
      .getRepository(ApplicationVersionEntity)
      .find({ where: { applicationId: id }, order: { submission: 'ASC' } });
  }

  /** Published passed list: title and host institution of each application that passed, in order of submission. */
  async passed(callId: string): Promise<Array<{ id: string; title: string; institution: string | null }>> {
    const rows = await this.rows
      .createQueryBuilder('a')
      .leftJoin(InstitutionEntity, 'i', 'i.id = a.institution_id')
      .select('a.id', 'id')
      .addSelect(`a.content->>'title'`, 'title')
      .addSelect('i.name', 'institution')
      .where('a.call_id = :callId', { callId })
      .andWhere(`a.status = 'formal_check_passed'`)
      .orderBy('a.submitted_at')
      .addOrderBy('a.id')
      .getRawMany<{ id: string; title: string; institution: string | null }>();
    return rows;
  }

  // ---- writes, inside the activity's transaction (see appendWithChange) ----

  async insert(
    row: Pick<ApplicationEntity, 'id' | 'callId' | 'applicantId' | 'institutionId' | 'topicId' | 'content'>,
  ) {
    await this.rows.insert({ ...row, status: 'draft', version: 1 });
  }

  async saveDraft(id: string, content: ApplicationContent, version: number): Promise<void> {
    await this.rows.update({ id }, { content, version });
  }

  async setStatus(
    id: string,
    change: { status: ApplicationStatus; version: number; submittedAt?: Date; resubmitUntil?: Date },
  ): Promise<void> {
    await this.rows.update({ id }, change);
  }

  /** Keeps the content as submitted now, numbered by submission. */
  async recordSubmittedVersion(id: string, at: Date): Promise<void> {
    const app = await this.rows.findOneByOrFail({ id });
    const versions = this.db.getRepository(ApplicationVersionEntity);
    const submission = (await versions.countBy({ applicationId: id })) + 1;
    await versions.insert({ applicationId: id, submission, content: app.content, submittedAt: at });
  }
}
