import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayListCases,
  assertMayReadCase,
  calendarBasisView,
  CASE_STATUS_LABELS,
  CaseStatus,
  CREDIT_SUBJECT_TYPE_LABELS,
  CreditSubjectType,
  mayReadCaseReporter,
  notFound,
  PageQuery,
} from '@kjflow/domain';
import { mapPage, MisconductCaseEntity, MisconductCaseRepository } from '@kjflow/persistence';
import { EventsService } from '../events/events.service';
import { CreditService } from './credit.service';

/** A misconduct case, for the staff, the auditors and its subject (the reporter stays with the staff). */
@Injectable()
export class CasesQueryService {
  private readonly cases: MisconductCaseRepository;

  constructor(
    ds: DataSource,
    private readonly events: EventsService,
    private readonly credit: CreditService,
  ) {
    this.cases = new MisconductCaseRepository(ds);
  }

  /** The bureau's list: every case, newest report first, of one status when given. */
  async page(filter: { status?: CaseStatus }, page: PageQuery, actor: Actor) {
    assertMayListCases(actor);
    return mapPage(await this.cases.page(filter, page), (row) => ({
      id: row.id,
      subject: { ...subjectOf(row), name: row.subjectName },
      subjectTypeLabel: CREDIT_SUBJECT_TYPE_LABELS[row.subjectType as CreditSubjectType],
      projectId: row.projectId,
      status: row.status as CaseStatus,
      statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus],
      facts: row.report.facts,
      investigationDeadline: row.investigationDeadline?.toISOString() ?? null,
      appealDeadline: row.appealDeadline?.toISOString() ?? null,
      reportedAt: row.createdAt.toISOString(),
    }));
  }

  async get(id: string, actor: Actor) {
    const row = await this.row(id);
    assertMayReadCase(actor, subjectOf(row));
    return {
      id: row.id,
      subject: subjectOf(row),
      subjectName: await this.cases.subjectName(id),
      subjectTypeLabel: CREDIT_SUBJECT_TYPE_LABELS[row.subjectType as CreditSubjectType],
      projectId: row.projectId,
      status: row.status as CaseStatus,
      statusLabel: CASE_STATUS_LABELS[row.status as CaseStatus],
      report: mayReadCaseReporter(actor) ? row.report : { facts: row.report.facts },
      finding: row.finding,
      review: row.review,
      investigationDeadline: row.investigationDeadline?.toISOString() ?? null,
      extended: row.extended,
      appealDeadline: row.appealDeadline?.toISOString() ?? null,
      // What the appeal window's working days were counted on (null when fixed by a drill).
      appealCalendar: row.appealCalendar ? calendarBasisView(row.appealCalendar) : null,
      creditRecordId: row.creditRecordId,
      creditRecord: row.creditRecordId ? await this.credit.get(row.creditRecordId) : null,
      history: await this.events.statusHistory('misconduct_case', id),
    };
  }

  async row(id: string): Promise<MisconductCaseEntity> {
    const row = await this.cases.byId(id);
    if (!row) throw notFound({ zh: '案件', en: 'Case' });
    return row;
  }
}

/** Whom the case is about: a person, an institution, an expert or an agency. */
export function subjectOf(row: MisconductCaseEntity): { type: string; id: string } {
  return { type: row.subjectType, id: row.subjectId };
}
