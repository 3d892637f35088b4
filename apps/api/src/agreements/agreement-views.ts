import {
  AGREEMENT_PARTY_LABELS,
  AGREEMENT_STATUS_LABELS,
  formatShanghai,
  MILESTONE_OUTCOME_LABELS,
  RELEASE_EVENT_LABELS,
} from '@kjflow/domain';
import type {
  AgreementListRow,
  AgreementRow,
  InstallmentEntity,
  MilestoneCheckEntity,
  SignatureRow,
} from '@kjflow/persistence';

/** An agreement as the API answers it: terms, signatures, milestone checks, installments and the project its signing started. */
export function agreementView(
  a: AgreementRow,
  signatures: SignatureRow[],
  checks: MilestoneCheckEntity[],
  installments: InstallmentEntity[],
  projectId: string | null,
  now = Date.now(),
) {
  return {
    id: a.id,
    awardId: a.awardId,
    applicationId: a.applicationId,
    callId: a.callId,
    amountFen: a.amountFen,
    status: a.status,
    statusLabel: AGREEMENT_STATUS_LABELS[a.status],
    signBy: a.signBy.toISOString(),
    signByLocal: formatShanghai(a.signBy),
    signedAt: a.signedAt ? a.signedAt.toISOString() : null,
    projectId,
    version: a.version,
    content: a.content,
    signatures: signatures.map((s) => ({
      party: s.party,
      partyLabel: AGREEMENT_PARTY_LABELS[s.party],
      signedBy: s.signedBy,
      signedByName: s.signedByName,
      version: s.version,
      performancePledgeAccepted: s.pledgeAccepted,
      signedAt: s.signedAt.toISOString(),
      signedAtLocal: formatShanghai(s.signedAt),
    })),
    milestoneChecks: checks.map((m) => ({
      milestone: m.milestone,
      outcome: m.outcome,
      outcomeLabel: MILESTONE_OUTCOME_LABELS[m.outcome],
      opinion: m.opinion,
      checkedAtLocal: formatShanghai(m.checkedAt),
    })),
    installments: installments.map((i) => ({
      seq: i.seq,
      sharePercent: i.sharePercent,
      amountFen: i.amountFen,
      releasedBy: i.releasedBy,
      releasedByLabel: RELEASE_EVENT_LABELS[i.releasedBy],
      status: i.status,
      approvedAt: i.approvedAt ? i.approvedAt.toISOString() : null,
      paidAt: i.paidAt ? i.paidAt.toISOString() : null,
      // RULES §7: the first installment is due within 30 days of signing.
      dueBy: i.dueBy ? i.dueBy.toISOString() : null,
      dueByLocal: i.dueBy ? formatShanghai(i.dueBy) : null,
      overdue: i.dueBy !== null && i.status !== 'paid' && now > i.dueBy.getTime(),
    })),
  };
}

export type AgreementView = ReturnType<typeof agreementView>;

/** A line of the bureau's list of agreements. */
export function agreementListItemView(r: AgreementListRow) {
  return {
    id: r.id,
    awardId: r.awardId,
    callId: r.callId,
    applicationId: r.applicationId,
    title: r.title,
    institution: r.institution,
    piName: r.piName,
    mode: r.mode,
    amountFen: Number(r.amountFen),
    paidFen: Number(r.paidFen),
    status: r.status,
    statusLabel: AGREEMENT_STATUS_LABELS[r.status],
    signBy: r.signBy.toISOString(),
    signByLocal: formatShanghai(r.signBy),
    signedAt: r.signedAt ? r.signedAt.toISOString() : null,
    projectId: r.projectId,
  };
}
