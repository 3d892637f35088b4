import { z } from 'zod';
import { applicationIndicatorSchema, milestoneSchema } from '../application/application-content';
import { Bilingual, DomainError } from '../kernel/messages';
import { RELEASE_EVENT_LABELS, ReleaseEvent } from '../guide/program-template';
import { bilingual } from '../kernel/validation';
import { Actor, hasRole } from '../kernel/roles';
import { AUDIT_ROLES } from '../kernel/roles.rules';
import type { AgreementParty, AgreementStatus } from './agreement.rules';
import { FUNDING_STOPPED } from './agreement.rules';
import { reportsBlockInstallment } from '../project/report.rules';

// Parties, statuses and the signing rules are zod-free, as workflow code runs them:
// agreement.rules.ts.
export * from './agreement.rules';

// ---- negotiation (draft versions) ------------------------------------------------------------

/**
 * While in draft the bureau and the PI negotiate the terms: each revision is a new version with
 * what changed and why. Signatures are given to a version, so the terms lock at the first one.
 */
export const agreementRevisionSchema = z
  .strictObject({
    version: z.number().int().positive().describe('The version this revision starts from (optimistic lock)'),
    objectives: z.string().trim().min(20).max(5000).optional(),
    indicators: z.array(applicationIndicatorSchema).min(1).max(50).optional(),
    milestones: z.array(milestoneSchema).min(1).max(50).optional(),
    note: z
      .string()
      .trim()
      .max(2000)
      .refine(
        (n) => n.length >= 5,
        bilingual({
          zh: '须说明修改内容和理由（不少于 5 个字）',
          en: 'Say what changed and why (at least 5 characters)',
        }),
      ),
  })
  .refine(
    (r) => r.objectives !== undefined || r.indicators !== undefined || r.milestones !== undefined,
    bilingual(
      {
        zh: '须修改目标、考核指标或里程碑中的至少一项',
        en: 'Change at least one of objectives, indicators or milestones',
      },
      ['objectives'],
    ),
  );
export type AgreementRevision = z.infer<typeof agreementRevisionSchema>;

// ---- 揭榜挂帅: 军令状 and milestone checks ---------------------------------------------------------

/** What the PI commits to personally in a challenge (RULES §12.3): the 军令状's consequences. */
export const PERFORMANCE_PLEDGE_CONSEQUENCES: Bilingual = {
  zh: '未通过里程碑考核的，停止后续拨款，并视情终止项目；因主观原因（弄虚作假、不勤勉尽责）未完成的，追回已拨经费并记入科研信用记录；已勤勉尽责仍未完成的，按容错机制处理。',
  en: 'A failed milestone check stops further payments and may end the project; failure from subjective causes (fraud, lack of diligence) means recovery of the funds and a credit record; failure after diligent effort is treated under the tolerance rules.',
};

/** The PI's signature on a challenge agreement must accept the 军令状 explicitly. */
export const signatureSchema = z.strictObject({
  performancePledge: z
    .boolean()
    .optional()
    .describe('Challenge agreements: the PI accepts the performance pledge (军令状) with this signature'),
});
export type SignatureInput = z.infer<typeof signatureSchema>;

export function assertPledgeAccepted(party: AgreementParty, hasPledge: boolean, input: SignatureInput): void {
  if (party !== 'pi' || !hasPledge || input.performancePledge === true) return;
  const message = {
    zh: '揭榜挂帅项目负责人签署任务书时须同时签署军令状',
    en: 'In a challenge the PI signs the performance pledge (军令状) with the agreement',
  };
  throw new DomainError('validation_failed', message, [{ path: 'performancePledge', message }]);
}

export const MILESTONE_OUTCOMES = ['passed', 'failed'] as const;
export type MilestoneOutcome = (typeof MILESTONE_OUTCOMES)[number];
export const MILESTONE_OUTCOME_LABELS: Record<MilestoneOutcome, Bilingual> = {
  passed: { zh: '考核通过', en: 'Passed' },
  failed: { zh: '考核未通过', en: 'Failed' },
};

export const milestoneCheckSchema = z.strictObject({
  outcome: z.enum(MILESTONE_OUTCOMES),
  opinion: z
    .string()
    .trim()
    .max(5000)
    .refine(
      (o) => o.length >= 10,
      bilingual({
        zh: '须填写考核意见（不少于 10 个字）',
        en: 'Give the check’s opinion (at least 10 characters)',
      }),
    ),
  fault: z
    .strictObject({
      severity: z.enum(['minor', 'serious', 'severe']),
      creditInstitution: z.boolean().default(false),
    })
    .nullable()
    .default(null)
    .describe(
      '军令状: a failed milestone of a project terminates it without fault; a subjective fault recorded here revokes it with credit records (RULES §12.4)',
    ),
});
export type MilestoneCheckInput = z.infer<typeof milestoneCheckSchema>;

/**
 * 里程碑考核: milestones of a signed agreement are checked in order, each once; a failed check
 * stops funding, so no later milestone is checked. `milestone` is 1-based.
 */
export function assertMilestoneCheck(
  status: AgreementStatus,
  milestoneCount: number,
  outcomes: readonly MilestoneOutcome[],
  milestone: number,
): void {
  if (status !== 'signed')
    throw new DomainError('invalid_state', {
      zh: '任务书签订后才能进行里程碑考核',
      en: 'Milestones are checked only once the agreement is signed',
    });
  if (milestone > milestoneCount)
    throw new DomainError('not_found', { zh: '里程碑不存在', en: 'No such milestone' });
  if (outcomes.includes('failed'))
    throw new DomainError('invalid_state', {
      zh: '已有里程碑考核未通过，项目已停止拨款',
      en: 'A milestone check has failed; funding has stopped',
    });
  if (milestone <= outcomes.length)
    throw new DomainError('conflict', {
      zh: '该里程碑已考核',
      en: 'This milestone has already been checked',
    });
  if (milestone !== outcomes.length + 1)
    throw new DomainError('invalid_state', {
      zh: `里程碑须按顺序考核，下一个为第 ${outcomes.length + 1} 个`,
      en: `Milestones are checked in order; the next is number ${outcomes.length + 1}`,
    });
}

export interface ReleaseFacts {
  signed: boolean;
  /** Outcomes of the milestone checks so far, in order. */
  milestones: readonly MilestoneOutcome[];
  /** The project's progress reports (absent: an agreement without a project, nothing to report). */
  reports?: {
    /** Past their due date and not accepted: they hold back every approval (issue 15 §2). */
    overdue: ReadonlyArray<{ seq: number; dueAt: string }>;
    accepted: number;
  };
  /** The project's mid-term check decided continue (继续实施). */
  midtermPassed?: boolean;
  /** The project's acceptance passed and is final (通过验收): releases the acceptance installment. */
  acceptancePassed?: boolean;
}

/**
 * Why installment `seq` (1-based) of the plan is not released yet, or null when it is. The k-th
 * installment released by a milestone follows the k-th passed milestone check; a failed check
 * stops every later milestone payment; the k-th released by an accepted report follows the k-th
 * accepted progress report. A report past its due date and not accepted holds back every approval
 * (issue 15 §2). Mid-term and acceptance come with the execution stage.
 */
export function installmentBlocked(
  plan: ReadonlyArray<{ releasedBy: string }>,
  seq: number,
  facts: ReleaseFacts,
): Bilingual | null {
  const event = plan[seq - 1].releasedBy as ReleaseEvent;
  const label = RELEASE_EVENT_LABELS[event] ?? { zh: event, en: event };
  const notYet = {
    zh: `该期经费须在“${label.zh}”拨付，条件尚未满足`,
    en: `This installment is released ${label.en.toLowerCase()}; that has not happened yet`,
  };
  if (!facts.signed) return notYet;
  const late = reportsBlockInstallment(facts.reports?.overdue ?? []);
  if (late) return late;
  if (event === 'signing') return null;
  // The k-th installment released by an accepted report follows the k-th accepted report.
  if (event === 'report_accepted') {
    const k = plan.slice(0, seq).filter((p) => p.releasedBy === 'report_accepted').length;
    return (facts.reports?.accepted ?? 0) >= k ? null : notYet;
  }
  if (event === 'midterm_check') return facts.midtermPassed ? null : notYet;
  if (event === 'acceptance') return facts.acceptancePassed ? null : notYet;
  if (event !== 'milestone') return notYet;
  const k = plan.slice(0, seq).filter((p) => p.releasedBy === 'milestone').length;
  if (facts.milestones.slice(0, k).includes('failed')) return FUNDING_STOPPED;
  return facts.milestones.length >= k ? null : notYet;
}

// ---- access: who reads an agreement, and as which party one signs --------------------------

/** The agreement's PI and host institution (from its application). */
export interface AgreementHolders {
  applicantId: string;
  institutionId: string | null;
}

/** Staff and auditors read every agreement; the PI and the host institution's admin their own. */
export function mayReadAgreement(actor: Actor, a: AgreementHolders): boolean {
  if (hasRole(actor, ...AUDIT_ROLES)) return true;
  if (hasRole(actor, 'applicant') && actor.id === a.applicantId) return true;
  return (
    hasRole(actor, 'institution_admin') &&
    actor.institutionId !== null &&
    actor.institutionId === a.institutionId
  );
}

/** The signer's party follows from their account: the PI, the host's admin, or the bureau (else null). */
export function agreementPartyOf(actor: Actor, a: AgreementHolders): AgreementParty | null {
  if (hasRole(actor, 'applicant') && actor.id === a.applicantId) return 'pi';
  if (hasRole(actor, 'institution_admin') && actor.institutionId === a.institutionId) return 'institution';
  return hasRole(actor, 'officer', 'admin') ? 'bureau' : null;
}
