import { PanelMemberStatus, recusalView } from '@kjflow/domain';
import { MidtermPanelMemberRow } from '@kjflow/persistence';

/**
 * A seat of a project's panel (中期检查, 验收) as its readers see it, the fields both stages share:
 * the expert's identity and who required a recusal (要求回避) for the readers who see the
 * members (staff and auditors), as a review round's invitations name the officer; whose recusal it
 * was (自行回避 / 要求回避) for everyone, as the reason is. Each stage adds its opinion's fields.
 */
export function panelMemberView(m: MidtermPanelMemberRow, identities: boolean) {
  return {
    id: m.id,
    seat: m.seat,
    expertId: identities ? m.expertId : null,
    expertName: identities ? m.expertName : null,
    status: m.status as PanelMemberStatus,
    reason: m.reason,
    ...recusalView(m.recusal, identities && m.recusedBy ? { id: m.recusedBy, name: m.recusedByName } : null),
    score: m.score,
    opinion: m.opinion,
    submittedAt: m.submittedAt ? m.submittedAt.toISOString() : null,
  };
}
