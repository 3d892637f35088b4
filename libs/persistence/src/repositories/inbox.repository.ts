import { DataSource, EntityManager } from 'typeorm';
import type { InboxKind, InboxRow, Page, PageQuery, Role } from '@kjflow/domain';
import { atMillis, keysetRawPage } from '../pagination';
import { listedInvitation } from './review-assignment.repository';

/** Who is asking: the SQL keeps their own items (as PI, institution admin, expert or staff). */
export interface InboxCaller {
  id: string;
  institutionId: string | null;
  roles: readonly Role[];
}

const TITLE = `coalesce(a.content->>'title', '')`;
const ACTIVE_PROJECT = `p.status IN ('ongoing', 'rectifying')`;
const NONE = `NULL::text`;
const NO_DUE = `NULL::timestamptz`;

/**
 * One small query per kind, each selecting (kind, subject_id, ref, name, due_at) and filtered to
 * the caller by the parameters :actor, :inst and :roles. Each reads a handful of rows through an
 * index on its state (migration InboxIndexes): the inbox is the portal's home page.
 */
const PARTS: Record<InboxKind, string> = {
  application_draft: `
    SELECT 'application_draft', a.id::text, ${NONE}, ${TITLE}, c.window_end
    FROM applications a JOIN calls c ON c.id = a.call_id
    WHERE a.applicant_id = :actor AND a.status = 'draft' AND c.status IN ('scheduled', 'open')`,
  application_returned: `
    SELECT 'application_returned', a.id::text, ${NONE}, ${TITLE}, coalesce(a.resubmit_until, c.window_end)
    FROM applications a JOIN calls c ON c.id = a.call_id
    WHERE a.applicant_id = :actor AND a.status = 'returned'`,
  demand_draft: `
    SELECT 'demand_draft', d.id::text, ${NONE}, d.title, dc.window_end
    FROM demands d JOIN demand_campaigns dc ON dc.id = d.campaign_id
    WHERE d.submitter_id = :actor AND d.status IN ('draft', 'returned') AND dc.status IN ('scheduled', 'open')`,
  // The next report of each project, and any past its date or returned.
  report_submission: `
    SELECT 'report_submission', p.id::text, r.seq::text, p.title, r.due_at
    FROM projects p JOIN project_reports r ON r.project_id = p.id
    WHERE p.pi_id = :actor AND ${ACTIVE_PROJECT} AND r.status IN ('due', 'returned')
      AND (r.status = 'returned' OR r.due_at <= now() OR r.seq = (
        SELECT min(r2.seq) FROM project_reports r2
        WHERE r2.project_id = p.id AND r2.status IN ('due', 'returned')))`,
  // Outcomes are registered also after the project ended: any status of the project.
  outcome_revision: `
    SELECT 'outcome_revision', p.id::text, o.id::text, o.title, ${NO_DUE}
    FROM outcomes o JOIN projects p ON p.id = o.project_id
    WHERE o.status = 'returned' AND p.pi_id = :actor`,
  midterm_submission: `
    SELECT 'midterm_submission', p.id::text, ${NONE}, p.title, m.fix_by
    FROM projects p JOIN project_midterms m ON m.project_id = p.id
    WHERE p.pi_id = :actor AND m.phase IN ('opened', 'rectifying')`,
  acceptance_dossier: `
    SELECT 'acceptance_dossier', p.id::text, ${NONE}, p.title,
           CASE WHEN x.phase = 'rectifying' THEN x.fix_by ELSE x.apply_by END
    FROM projects p JOIN project_acceptances x ON x.project_id = p.id
    WHERE p.pi_id = :actor AND x.phase IN ('awaiting', 'rectifying')`,
  // Each party of the caller that has not signed: the PI, the host's admin, the bureau (staff).
  agreement_signature: `
    SELECT 'agreement_signature', g.id::text, ${NONE}, ${TITLE}, g.sign_by
    FROM agreements g JOIN applications a ON a.id = g.application_id
    WHERE g.status = 'draft' AND g.sign_by > now() AND (
      ('applicant' = ANY(:roles) AND a.applicant_id = :actor AND NOT EXISTS (
        SELECT 1 FROM agreement_signatures s WHERE s.agreement_id = g.id AND s.party = 'pi'))
      OR ('institution_admin' = ANY(:roles) AND a.institution_id = :inst AND NOT EXISTS (
        SELECT 1 FROM agreement_signatures s WHERE s.agreement_id = g.id AND s.party = 'institution'))
      OR ('officer' = ANY(:roles) AND NOT EXISTS (
        SELECT 1 FROM agreement_signatures s WHERE s.agreement_id = g.id AND s.party = 'bureau')))`,
  // The institution's deadline where the template puts the window's on the PI's submission.
  endorsement: `
    SELECT 'endorsement', a.id::text, ${NONE}, ${TITLE},
           CASE WHEN t.template->>'deadlineStep' = 'institution_submission'
                 AND t.template->'durations'->>'endorsementWindow' IS NOT NULL
                THEN c.window_end + (t.template->'durations'->>'endorsementWindow')::interval
                ELSE c.window_end END
    FROM applications a JOIN calls c ON c.id = a.call_id
    LEFT JOIN program_templates t ON t.id = c.template_id
    WHERE a.institution_id = :inst AND a.status = 'awaiting_endorsement'`,
  institution_pledge: `
    SELECT 'institution_pledge', a.id::text, ${NONE}, ${TITLE}, c.window_end
    FROM applications a JOIN calls c ON c.id = a.call_id
    WHERE a.institution_id = :inst AND a.status IN ('awaiting_endorsement', 'submitted')
      AND NOT EXISTS (SELECT 1 FROM application_pledges ap
                      WHERE ap.application_id = a.id AND ap.party = 'institution')`,
  report_confirmation: `
    SELECT 'report_confirmation', p.id::text, r.seq::text, p.title, ${NO_DUE}
    FROM projects p JOIN project_reports r ON r.project_id = p.id
    WHERE p.institution_id = :inst AND r.status = 'submitted'`,
  change_consent: `
    SELECT 'change_consent', p.id::text, ch.id::text, p.title, ${NO_DUE}
    FROM project_changes ch JOIN projects p ON p.id = ch.project_id
    WHERE ch.status = 'pending' AND (
      (ch.steps->>jsonb_array_length(ch.decisions) = 'institution' AND p.institution_id = :inst)
      OR (ch.steps->>jsonb_array_length(ch.decisions) = 'new_institution'
          AND ch.detail->>'newInstitutionId' = :inst::uuid::text))`,
  midterm_confirmation: `
    SELECT 'midterm_confirmation', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM projects p JOIN project_midterms m ON m.project_id = p.id
    WHERE p.institution_id = :inst AND m.phase = 'submitted'`,
  acceptance_confirmation: `
    SELECT 'acceptance_confirmation', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM projects p JOIN project_acceptances x ON x.project_id = p.id
    WHERE p.institution_id = :inst AND x.phase = 'submitted'`,
  honest_failure_confirmation: `
    SELECT 'honest_failure_confirmation', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM projects p JOIN project_honest_failures h ON h.project_id = p.id
    WHERE p.institution_id = :inst AND h.phase = 'requested'`,
  review_invitation: `
    SELECT 'review_invitation', ra.id::text, ${NONE}, ${TITLE}, ra.respond_by
    FROM experts e JOIN review_assignments ra ON ra.expert_id = e.id
    JOIN applications a ON a.id = ra.application_id
    WHERE e.user_id = :actor AND ra.status = 'invited' AND ${listedInvitation('ra')}`,
  review_scoring: `
    SELECT 'review_scoring', ra.id::text, ${NONE}, ${TITLE}, ra.score_by
    FROM experts e JOIN review_assignments ra ON ra.expert_id = e.id
    JOIN applications a ON a.id = ra.application_id
    WHERE e.user_id = :actor AND ra.status = 'accepted'`,
  panel_invitation: `
    SELECT 'panel_invitation', pm.id::text, ${NONE}, p.title, mp.deadline
    FROM experts e JOIN midterm_panel_members pm ON pm.expert_id = e.id
    JOIN midterm_panels mp ON mp.id = pm.panel_id JOIN projects p ON p.id = mp.project_id
    WHERE e.user_id = :actor AND pm.status = 'invited' AND mp.status = 'sitting'`,
  panel_opinion: `
    SELECT 'panel_opinion', pm.id::text, ${NONE}, p.title, mp.deadline
    FROM experts e JOIN midterm_panel_members pm ON pm.expert_id = e.id
    JOIN midterm_panels mp ON mp.id = pm.panel_id JOIN projects p ON p.id = mp.project_id
    WHERE e.user_id = :actor AND pm.status = 'accepted' AND mp.status = 'sitting'`,
  demand_screening: `
    SELECT 'demand_screening', d.id::text, ${NONE}, d.title, ${NO_DUE}
    FROM demands d WHERE d.status = 'submitted'`,
  // Four eyes: the step's role, never the drafter.
  guide_approval: `
    SELECT 'guide_approval', g.id::text, ${NONE}, coalesce(g.draft->>'title', ''), ${NO_DUE}
    FROM guides g
    WHERE g.status = 'in_review' AND g.approval_chain[g.approved_steps + 1] = ANY(:roles)
      AND g.created_by <> :actor`,
  // After the call has closed, unless its template checks during the window.
  formal_check: `
    SELECT 'formal_check', a.id::text, ${NONE}, ${TITLE}, ${NO_DUE}
    FROM applications a JOIN calls c ON c.id = a.call_id
    LEFT JOIN program_templates t ON t.id = c.template_id
    WHERE a.status = 'submitted'
      AND (c.status = 'closed' OR coalesce(t.template->'startDuringWindow', '[]') ? 'formal_check')`,
  award_proposal: `
    SELECT 'award_proposal', c.id::text, ${NONE}, c.title, ${NO_DUE}
    FROM calls c
    WHERE EXISTS (SELECT 1 FROM review_rounds rr WHERE rr.call_id = c.id AND rr.status = 'scored')
      AND NOT EXISTS (SELECT 1 FROM awards w WHERE w.call_id = c.id AND w.status <> 'cancelled')`,
  // The step after the current round's approvals (those after the last return), by its role; not
  // the proposer, nor someone who approved an earlier step of the round.
  award_approval: `
    SELECT 'award_approval', w.id::text, ${NONE}, c.title, ${NO_DUE}
    FROM awards w JOIN calls c ON c.id = w.call_id
    CROSS JOIN LATERAL (
      SELECT coalesce(max(e.o) FILTER (WHERE e.d->>'decision' = 'return'), 0) AS start
      FROM jsonb_array_elements(w.decisions) WITH ORDINALITY AS e(d, o)) lr
    WHERE w.status = 'in_approval' AND w.proposed_by <> :actor
      AND w.chain->>(jsonb_array_length(w.decisions) - lr.start)::int = ANY(:roles)
      AND NOT EXISTS (SELECT 1 FROM jsonb_array_elements(w.decisions) WITH ORDINALITY AS e(d, o)
                      WHERE e.o > lr.start AND e.d->>'actorId' = :actor::uuid::text)`,
  objection_answer: `
    SELECT 'objection_answer', w.id::text, o.id::text, c.title, w.notice_end
    FROM objections o JOIN awards w ON w.id = o.award_id JOIN calls c ON c.id = w.call_id
    WHERE o.status = 'open' AND w.status = 'in_notice'`,
  installment_approval: `
    SELECT 'installment_approval', g.id::text, i.seq::text, ${TITLE}, i.due_by
    FROM installments i JOIN agreements g ON g.id = i.agreement_id
    JOIN applications a ON a.id = g.application_id
    WHERE i.status = 'planned' AND i.due_by IS NOT NULL AND g.status = 'signed'`,
  // Four eyes: paid by someone else than the approver.
  installment_payment: `
    SELECT 'installment_payment', g.id::text, i.seq::text, ${TITLE}, i.due_by
    FROM installments i JOIN agreements g ON g.id = i.agreement_id
    JOIN applications a ON a.id = g.application_id
    WHERE i.status = 'approved' AND i.approved_by <> :actor`,
  report_review: `
    SELECT 'report_review', p.id::text, r.seq::text, p.title, ${NO_DUE}
    FROM project_reports r JOIN projects p ON p.id = r.project_id
    WHERE r.status = 'confirmed'`,
  report_overdue: `
    SELECT 'report_overdue', p.id::text, r.seq::text, p.title, r.due_at
    FROM project_reports r JOIN projects p ON p.id = r.project_id
    WHERE r.status IN ('due', 'returned') AND r.due_at < now() AND ${ACTIVE_PROJECT}`,
  // The officer's step, or the second approval by another officer (four eyes).
  outcome_verification: `
    SELECT 'outcome_verification', p.id::text, o.id::text, o.title, ${NO_DUE}
    FROM outcomes o JOIN projects p ON p.id = o.project_id WHERE o.status = 'submitted'`,
  change_decision: `
    SELECT 'change_decision', p.id::text, ch.id::text, p.title, ${NO_DUE}
    FROM project_changes ch JOIN projects p ON p.id = ch.project_id
    WHERE ch.status = 'pending' AND (
      ch.steps->>jsonb_array_length(ch.decisions) = 'officer'
      OR (ch.steps->>jsonb_array_length(ch.decisions) = 'second_officer'
          AND NOT ch.decisions @> jsonb_build_array(jsonb_build_object('decidedBy', :actor::uuid::text))))`,
  midterm_review: `
    SELECT 'midterm_review', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_midterms m JOIN projects p ON p.id = m.project_id WHERE m.phase = 'confirmed'`,
  midterm_decision: `
    SELECT 'midterm_decision', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_midterms m JOIN projects p ON p.id = m.project_id WHERE m.phase = 'reviewed'`,
  acceptance_check: `
    SELECT 'acceptance_check', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_acceptances x JOIN projects p ON p.id = x.project_id WHERE x.phase = 'confirmed'`,
  acceptance_review: `
    SELECT 'acceptance_review', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_acceptances x JOIN projects p ON p.id = x.project_id WHERE x.phase = 'checked'`,
  acceptance_decision: `
    SELECT 'acceptance_decision', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_acceptances x JOIN projects p ON p.id = x.project_id WHERE x.phase = 'reviewed'`,
  acceptance_objection: `
    SELECT 'acceptance_objection', p.id::text, ao.id::text, p.title, x.objections_until
    FROM acceptance_objections ao JOIN project_acceptances x ON x.project_id = ao.project_id
    JOIN projects p ON p.id = x.project_id
    WHERE ao.outcome IS NULL AND x.phase = 'published' AND ao.round = x.round`,
  honest_failure_decision: `
    SELECT 'honest_failure_decision', p.id::text, ${NONE}, p.title, ${NO_DUE}
    FROM project_honest_failures h JOIN projects p ON p.id = h.project_id
    WHERE h.phase = 'institution_confirmed'`,
  case_acceptance: `
    SELECT 'case_acceptance', k.id::text, ${NONE}, left(k.report->>'facts', 40), ${NO_DUE}
    FROM misconduct_cases k WHERE k.status = 'reported'`,
  case_finding: `
    SELECT 'case_finding', k.id::text, ${NONE}, left(k.report->>'facts', 40), k.investigation_deadline
    FROM misconduct_cases k WHERE k.status = 'investigating'`,
  case_review: `
    SELECT 'case_review', k.id::text, ${NONE}, left(k.report->>'facts', 40), ${NO_DUE}
    FROM misconduct_cases k WHERE k.status = 'under_review'`,
  // Four eyes: never the administrator who entered the version.
  calendar_approval: `
    SELECT 'calendar_approval', y.year::text, y.version::text, y.year::text, ${NO_DUE}
    FROM calendar_years y
    WHERE y.status = 'pending' AND y.entered_by IS DISTINCT FROM :actor`,
};

interface RawItem {
  kind: InboxKind;
  subject_id: string;
  ref: string | null;
  name: string;
  due_at: Date | null;
}

/** The task inbox's read model: the UNION of the caller's kinds, sorted by deadline, paged. */
export class InboxRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private union(kinds: readonly InboxKind[]): string {
    return kinds.map((k) => `(${PARTS[k].trim()})`).join('\nUNION ALL\n');
  }

  /** The items as a subquery, each with its unique key (kind, subject, part) for the paging. */
  private items(kinds: readonly InboxKind[]): string {
    return `(SELECT u.*, u.kind || ':' || u.subject_id || ':' || coalesce(u.ref, '') AS key
      FROM (${this.union(kinds)}) AS u(kind, subject_id, ref, name, due_at))`;
  }

  private params(caller: InboxCaller) {
    return { actor: caller.id, inst: caller.institutionId, roles: [...caller.roles] };
  }

  /** A page of the caller's items of `kinds`, soonest deadline first (none last), then by kind and subject. */
  async page(caller: InboxCaller, kinds: readonly InboxKind[], page: PageQuery): Promise<Page<InboxRow>> {
    if (kinds.length === 0) return { items: [], next: null };
    const query = this.db
      .createQueryBuilder()
      .select(['i.kind AS kind', 'i.subject_id AS subject_id', 'i.ref AS ref', 'i.name AS name'])
      .addSelect('i.due_at', 'due_at')
      .addSelect('i.key', 'key')
      .from(this.items(kinds), 'i')
      .setParameters(this.params(caller));
    const due = atMillis(`coalesce(i.due_at, 'infinity'::timestamptz)`);
    const result = await keysetRawPage<RawItem & { key: string }>(
      query,
      {
        columns: [due, 'i.key'],
        direction: 'ASC',
        cursorOf: (r) => [r.due_at ? r.due_at.toISOString() : 'infinity', r.key],
      },
      page,
    );
    return {
      next: result.next,
      items: result.items.map((r) => ({
        kind: r.kind,
        subjectId: r.subject_id,
        ref: r.ref,
        name: r.name,
        dueAt: r.due_at,
      })),
    };
  }

  /** How many items of each kind the caller has (kinds with none are absent). */
  async counts(
    caller: InboxCaller,
    kinds: readonly InboxKind[],
  ): Promise<Partial<Record<InboxKind, number>>> {
    if (kinds.length === 0) return {};
    const rows = await this.db
      .createQueryBuilder()
      .select('u.kind', 'kind')
      .addSelect('count(*)::int', 'n')
      .from(this.items(kinds), 'u')
      .setParameters(this.params(caller))
      .groupBy('u.kind')
      .getRawMany<{ kind: InboxKind; n: number }>();
    return Object.fromEntries(rows.map((r) => [r.kind, r.n]));
  }

  /** The plan of the first page's query, as EXPLAIN ANALYZE gives it (the benchmark prints it). */
  async explain(caller: InboxCaller, kinds: readonly InboxKind[]): Promise<string[]> {
    const [sql, params] = this.db
      .createQueryBuilder()
      .select('i.*')
      .from(this.items(kinds), 'i')
      .setParameters(this.params(caller))
      .orderBy(`coalesce(i.due_at, 'infinity'::timestamptz)`, 'ASC')
      .addOrderBy('i.key', 'ASC')
      .limit(51)
      .getQueryAndParameters();
    const rows: Array<{ 'QUERY PLAN': string }> = await this.db.query(`EXPLAIN ANALYZE ${sql}`, params);
    return rows.map((r) => r['QUERY PLAN']);
  }
}
