import { z } from 'zod';
import { applicationIndicatorSchema, milestoneSchema } from './application-content';
import { Bilingual, DomainError } from './messages';
import { RELEASE_EVENT_LABELS, ReleaseEvent } from './program-template';
import { formatShanghai } from './time';
import { bilingual } from './validation';

/**
 * The agreement (任务书), generated from the application once its award is final: signed by the
 * PI, the host institution and the bureau before the signing deadline (RULES §7, default 30
 * days), else forfeited (视为放弃) and the amount returns to the call's budget.
 */
export const AGREEMENT_PARTIES = ['pi', 'institution', 'bureau'] as const;
export type AgreementParty = (typeof AGREEMENT_PARTIES)[number];
export const AGREEMENT_PARTY_LABELS: Record<AgreementParty, Bilingual> = {
  pi: { zh: '项目负责人', en: 'PI' },
  institution: { zh: '依托单位', en: 'host institution' },
  bureau: { zh: '市科技局', en: 'the bureau' },
};

export const AGREEMENT_STATUSES = ['draft', 'signed', 'forfeited'] as const;
export type AgreementStatus = (typeof AGREEMENT_STATUSES)[number];
export const AGREEMENT_STATUS_LABELS: Record<AgreementStatus, Bilingual> = {
  draft: { zh: '待签订', en: 'Awaiting signatures' },
  signed: { zh: '已签订', en: 'Signed' },
  forfeited: { zh: '逾期未签订，视为放弃', en: 'Not signed in time: forfeited' },
};

/** RULES §7: first installment on signing (typ. 50–70 %), the rest after acceptance. */
export const DEFAULT_INSTALLMENTS = [
  { sharePercent: 60, releasedBy: 'signing' },
  { sharePercent: 40, releasedBy: 'acceptance' },
] as const;

/** RULES §7 (国办发〔2021〕32号): the first installment reaches the unit within 30 days of signing. */
export const SIGNING_INSTALLMENT_DUE = 'P30D';

export const INSTALLMENT_STATUSES = ['planned', 'approved', 'paid'] as const;
export type InstallmentStatus = (typeof INSTALLMENT_STATUSES)[number];

/** A party signs once, while the agreement awaits signatures and before the deadline. */
export function assertCanSign(
  status: AgreementStatus,
  signed: readonly AgreementParty[],
  party: AgreementParty,
  signBy: string,
  now: number,
): void {
  if (status !== 'draft')
    throw new DomainError('invalid_state', {
      zh: `任务书${AGREEMENT_STATUS_LABELS[status].zh}，不能签署`,
      en: `The agreement is ${AGREEMENT_STATUS_LABELS[status].en.toLowerCase()}; it cannot be signed`,
    });
  if (now >= new Date(signBy).getTime()) {
    const at = formatShanghai(signBy);
    throw new DomainError('window_closed', {
      zh: `签订期限已于 ${at}（北京时间）届满`,
      en: `The signing deadline passed at ${at} (Asia/Shanghai)`,
    });
  }
  if (signed.includes(party))
    throw new DomainError('conflict', {
      zh: `${AGREEMENT_PARTY_LABELS[party].zh}已签署`,
      en: `The ${AGREEMENT_PARTY_LABELS[party].en} has already signed`,
    });
}

/** An installment is approved once released (`blocked` is null), and paid once approved. */
export function assertInstallmentStep(
  status: InstallmentStatus,
  step: 'approve' | 'pay',
  blocked: Bilingual | null,
): void {
  if (step === 'approve' && blocked) throw new DomainError('invalid_state', blocked);
  const from = step === 'approve' ? 'planned' : 'approved';
  if (status !== from)
    throw new DomainError('invalid_state', {
      zh: step === 'approve' ? '该期经费已审核' : '该期经费须先审核后拨付，且只能拨付一次',
      en:
        step === 'approve'
          ? 'This installment is already approved'
          : 'Only an approved, unpaid installment can be paid',
    });
}

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

export function assertRevisable(
  status: AgreementStatus,
  signed: readonly AgreementParty[],
  currentVersion: number,
  fromVersion: number,
): void {
  if (status !== 'draft')
    throw new DomainError('invalid_state', {
      zh: `任务书${AGREEMENT_STATUS_LABELS[status].zh}，不能修改`,
      en: `The agreement is ${AGREEMENT_STATUS_LABELS[status].en.toLowerCase()}; it cannot be revised`,
    });
  if (signed.length > 0) {
    const who = signed.map((p) => AGREEMENT_PARTY_LABELS[p]);
    throw new DomainError('invalid_state', {
      zh: `${who.map((w) => w.zh).join('、')}已签署，任务书内容已锁定`,
      en: `Signed by the ${who.map((w) => w.en).join(', ')}: the terms are locked`,
    });
  }
  if (fromVersion !== currentVersion) {
    const message = {
      zh: `任务书已更新为第 ${currentVersion} 版，请在最新版本上修改`,
      en: `The agreement is now at version ${currentVersion}; revise the latest version`,
    };
    throw new DomainError('precondition_failed', message, [{ path: 'version', message }]);
  }
}

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
}

/**
 * Why installment `seq` (1-based) of the plan is not released yet, or null when it is. The k-th
 * installment released by a milestone follows the k-th passed milestone check; a failed check
 * stops every later milestone payment. Mid-term and acceptance come with the execution stage.
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
  if (event === 'signing') return null;
  if (event !== 'milestone') return notYet;
  const k = plan.slice(0, seq).filter((p) => p.releasedBy === 'milestone').length;
  if (facts.milestones.slice(0, k).includes('failed'))
    return {
      zh: '里程碑考核未通过，已停止拨款',
      en: 'A milestone check failed; funding has stopped',
    };
  return facts.milestones.length >= k ? null : notYet;
}
