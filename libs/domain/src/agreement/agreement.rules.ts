import { Bilingual, DomainError } from '../kernel/errors.rules';
import { formatShanghai } from '../kernel/time.rules';
import { loadAgreement, loadAward } from '../kernel/lazy.rules';

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

/**
 * RULES §7: the agreement is signed within 30 days of the award, else it is forfeited. A program
 * template sets its own (`durations.signingDeadline`); this is for calls without one.
 */
export const DEFAULT_SIGNING_DEADLINE = 'P30D';

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

// ---- negotiation (draft versions: the revision schema is in agreement.ts) --------------------

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

// ---- execution: milestone checks and installments, as the agreement's workflow decides them ----

/** A signed agreement's records that milestone checks and installments are decided on. */
export interface AgreementExecutionFacts {
  status: AgreementStatus;
  amountFen: number;
  milestoneCount: number;
  milestones: ReadonlyArray<'passed' | 'failed'>;
  installments: ReadonlyArray<{
    seq: number;
    releasedBy: string;
    amountFen: number;
    status: InstallmentStatus;
    approvedBy: string | null;
  }>;
  /** The project the signing started, if any: its progress reports (issue 15 §2). */
  project?: {
    /** Past their due date and not accepted. */
    overdueReports: ReadonlyArray<{ seq: number; dueAt: string }>;
    acceptedReports: number;
  };
  /** The project's mid-term check decided continue (releases the midterm_check installment). */
  midtermPassed?: boolean;
  /** The status of the project the signing started (terminated, revoked or closed: nothing more is paid). */
  projectStatus?: string | null;
}

/** A project ended without a pass: its unpaid installments are never released (a pass releases the last). */
const ENDED_UNPAID: readonly string[] = ['terminated', 'revoked', 'failed', 'closed'];

/** 里程碑考核: `assertMilestoneCheck` of agreement.ts on the agreement's records. */
export function assertMilestoneCheckOf(facts: AgreementExecutionFacts, milestone: number): void {
  loadAgreement().assertMilestoneCheck(facts.status, facts.milestoneCount, facts.milestones, milestone);
}

/** 军令状: after a failed milestone check no further installment is approved or paid. */
export const FUNDING_STOPPED: Bilingual = {
  zh: '里程碑考核未通过，已停止拨款',
  en: 'A milestone check failed; funding has stopped',
};

/** Four eyes: the staff member who approved an installment may not also pay it. */
export function assertNotApproverOf(approvedBy: string | null, actorId: string): void {
  if (approvedBy === actorId)
    throw new DomainError('forbidden', {
      zh: '审核人与拨付经办人不能为同一人',
      en: 'The approver of an installment cannot also pay it',
    });
}

/**
 * 拨付: installment `seq` is approved once released (in order, by signing, milestones or accepted
 * reports, and never while a progress report is overdue) and paid
 * once approved, by another staff member, never beyond the award. Returns the installment.
 */
export function assertInstallmentCommand(
  facts: AgreementExecutionFacts,
  seq: number,
  step: 'approve' | 'pay',
  actorId: string,
): AgreementExecutionFacts['installments'][number] {
  const i = facts.installments.find((x) => x.seq === seq);
  if (!i) throw new DomainError('not_found', { zh: '拨付期次不存在', en: 'No such installment' });
  if (ENDED_UNPAID.includes(facts.projectStatus ?? '') && i.status !== 'paid')
    // A failed milestone is why a challenge project ended (军令状): the refusal says so.
    throw new DomainError(
      'invalid_state',
      facts.milestones.includes('failed')
        ? FUNDING_STOPPED
        : {
            zh: `项目已${facts.projectStatus === 'failed' ? '验收不通过' : facts.projectStatus === 'closed' ? '结题' : '终止或撤销'}，未拨付的经费不再审核或拨付`,
            en: `The project is ${facts.projectStatus === 'failed' || facts.projectStatus === 'closed' ? facts.projectStatus : 'terminated or revoked'}; unpaid installments are no longer approved or paid`,
          },
    );
  const blocked = loadAgreement().installmentBlocked(facts.installments, seq, {
    signed: facts.status === 'signed',
    milestones: facts.milestones,
    reports: facts.project && {
      overdue: facts.project.overdueReports,
      accepted: facts.project.acceptedReports,
    },
    midtermPassed: facts.midtermPassed,
    acceptancePassed: facts.projectStatus === 'accepted',
  });
  assertInstallmentStep(i.status, step, blocked);
  if (step === 'pay') {
    assertNotApproverOf(i.approvedBy, actorId);
    const paid = facts.installments.filter((x) => x.status === 'paid').reduce((s, x) => s + x.amountFen, 0);
    loadAward().assertPayable(paid, i.amountFen, facts.amountFen);
  }
  return i;
}

/** The printable agreement exists once it is signed. */
export function assertPrintable(status: AgreementStatus): void {
  if (status !== 'signed')
    throw new DomainError('invalid_state', {
      zh: '任务书签订后才能打印',
      en: 'The agreement can be printed once it is signed',
    });
}
