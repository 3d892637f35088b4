import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  Actor,
  assertMayReadCreditLedger,
  AUDIT_ROLES,
  CREDIT_KIND_LABELS,
  CREDIT_SUBJECT_TYPE_LABELS,
  CreditRecordKind,
  CreditSubjectType,
  Severity,
  SEVERITY_LABELS,
  assertNotCreditBarred,
  checkEligibility,
  EligibilitySubject,
  CreditDecision,
  CreditLevel,
  CreditRating,
  CreditRecord,
  assertKnownSubjects,
  forbidden,
  hasRole,
  isCreditSubject,
  indirectCostRateCap,
  mayApply,
  mayKeepSurplus,
  mayLead,
  mayServeAsExpert,
  needsExtraScrutiny,
  notFound,
  rateCredit,
  shanghaiDate,
  Page,
  PageQuery,
} from '@kjflow/domain';
import {
  creditRecordFromEntity,
  CreditRecordEntity,
  CreditRepository,
  mapPage,
  ratedCreditSubjects,
} from '@kjflow/persistence';
import { TemplatesService } from '../guides/templates.service';

type Subject = { type: 'person' | 'institution' | 'expert' | 'agency'; id: string };

@Injectable()
export class CreditService {
  constructor(
    private readonly ds: DataSource,
    private readonly templates: TemplatesService,
  ) {}

  /** Subjects see their own records; staff and auditors see all. */
  async list(subject: Subject, actor: Actor, page: PageQuery) {
    this.assertMaySee(subject, actor);
    return this.ledgerItems(await this.ledger().pageOfSubject(subject, page));
  }

  /** The whole ledger, newest record first, of one subject type or kind (staff and auditors). */
  async ledgerPage(filter: { subjectType?: string; kind?: string }, actor: Actor, page: PageQuery) {
    assertMayReadCreditLedger(actor);
    return this.ledgerItems(await this.ledger().pageOfLedger(filter, page));
  }

  /** Records as listed: each with its subject's name and the labels of its codes. */
  private async ledgerItems(rows: Page<CreditRecordEntity>) {
    const names = await this.ledger().subjectNames(rows.items.map((r) => r.id));
    return mapPage(rows, (r) => ({
      ...creditRecordFromEntity(r),
      subjectName: names.get(r.id) ?? null,
      subjectTypeLabel: CREDIT_SUBJECT_TYPE_LABELS[r.subjectType as CreditSubjectType],
      kindLabel: CREDIT_KIND_LABELS[r.kind as CreditRecordKind],
      severityLabel: SEVERITY_LABELS[r.severity as Severity],
    }));
  }

  async get(id: string) {
    const row = await this.ledger().record(id);
    if (!row) throw notFound({ zh: '信用记录', en: 'Credit record' });
    return creditRecordFromEntity(row);
  }

  async rating(subject: Subject, actor: Actor, at = new Date()) {
    this.assertMaySee(subject, actor);
    const rating = await this.rate(subject, at);
    return {
      subject,
      at: shanghaiDate(at),
      rating,
      consequences: {
        mayApply: mayApply(rating, at),
        mayLead: mayLead(rating, at),
        mayServeAsExpert: mayServeAsExpert(rating),
        indirectCostRateCapPercent: indirectCostRateCap(rating),
        mayKeepSurplus: mayKeepSurplus(rating),
        extraScrutiny: needsExtraScrutiny(rating),
      },
    };
  }

  /** The eligibility gate for a PI, their institution and team under a program's rules. */
  async eligibility(input: {
    programCode: string;
    piId: string;
    institutionId: string;
    participantIds: string[];
    at?: string;
  }) {
    const template = await this.templates.current(input.programCode);
    const minCreditLevel = template.template.eligibility.minCreditLevel;
    return {
      program: { code: template.code, version: template.version, minCreditLevel },
      ...(await this.gate({ ...input, minCreditLevel, at: input.at ? new Date(input.at) : new Date() })),
    };
  }

  /**
   * The gate itself: rate each subject at `at` and apply the program's minimum level and bans.
   * `rated`: the same subjects already rated at `at` by the command that asks (read once).
   */
  async gate(
    input: {
      minCreditLevel: CreditLevel;
      piId: string;
      institutionId: string | null;
      participantIds: string[];
      at: Date;
    },
    rated?: EligibilitySubject[],
  ) {
    const subjects = rated ?? (await this.subjects(input));
    return checkEligibility({ subjects, minCreditLevel: input.minCreditLevel, at: input.at });
  }

  /**
   * A running ban of the PI, the institution or a participant refuses `action` (422 credit_barred,
   * naming each record and its end date): at submission and at the formal check's pass. Answers
   * the subjects as rated, for the formal-check rules the same command runs.
   */
  async assertNotBarred(
    input: { piId: string; institutionId: string | null; participantIds: string[]; at: Date },
    action?: { zh: string; en: string },
  ): Promise<EligibilitySubject[]> {
    const rated = await this.subjects(input);
    assertNotCreditBarred(rated, input.at, action);
    return rated;
  }

  /** The PI, participants and institution, each with their name and rating at `at`. */
  async subjects(input: {
    piId: string;
    institutionId: string | null;
    participantIds: string[];
    at: Date;
  }): Promise<EligibilitySubject[]> {
    const { subjects, missing } = await ratedCreditSubjects(this.ds, input);
    assertKnownSubjects(missing);
    return subjects;
  }

  async repairRequest(id: string) {
    const r = await this.ledger().repairRequest(id);
    if (!r) throw notFound({ zh: '修复申请', en: 'Repair request' });
    return { ...r, createdAt: r.createdAt.toISOString(), decidedAt: r.decidedAt?.toISOString() ?? null };
  }

  async publicDecisions(page: PageQuery) {
    return mapPage(await this.ledger().publicRecords(page), creditRecordFromEntity);
  }

  /**
   * Whether each expert may serve as a review expert at `at` (subject `{ type: 'expert', id }`,
   * the expert pool's id): one query for all of them, each rated on its own records.
   */
  async expertEligibility(expertIds: string[], at: Date): Promise<Map<string, CreditDecision>> {
    const ids = [...new Set(expertIds)];
    const rows = await this.ledger().ofSubjects('expert', ids);
    const bySubject = new Map<string, CreditRecord[]>();
    for (const r of rows) {
      const list = bySubject.get(r.subjectId) ?? [];
      list.push(creditRecordFromEntity(r) as CreditRecord);
      bySubject.set(r.subjectId, list);
    }
    return new Map(ids.map((id) => [id, mayServeAsExpert(rateCredit(bySubject.get(id) ?? [], at))]));
  }

  private async rate(subject: Subject, at: Date): Promise<CreditRating> {
    const rows = await this.ledger().ofSubject(subject);
    return rateCredit(rows.map(creditRecordFromEntity) as CreditRecord[], at);
  }

  private ledger() {
    return new CreditRepository(this.ds);
  }

  private assertMaySee(subject: Subject, actor: Actor) {
    if (hasRole(actor, ...AUDIT_ROLES) || isCreditSubject(actor, subject)) return;
    throw forbidden();
  }
}
