import type { MessageKey } from '../i18n/zh';

type Label = { zh: string; en: string };

/** A seat as every view of it carries it: a review round's invitation, a project panel's member. */
export interface InvitationStatus {
  status: string;
  /** The status as the API labels it, where the view carries that (a review invitation). */
  statusLabel?: Label;
  /** Whose recusal it was, when recused: the expert's own, or required by an officer. */
  recusal: 'self' | 'required' | null;
}

/**
 * The seat's status as the portal shows it. 已回避 alone hid whether the expert stepped aside or
 * an officer required it: a recusal says which (已回避（本人申请）/ 已回避（主管要求）). Any other
 * status as the API labels it, else as `label` words the code (a project panel's seat).
 */
export function invitationStatusText(
  a: InvitationStatus,
  i18n: {
    t: (key: MessageKey) => string;
    bi: (value: Label) => string;
    label?: (status: string) => string;
  },
): string {
  if (a.status === 'recused' && a.recusal) return i18n.t(`review.recused.${a.recusal}`);
  if (a.statusLabel) return i18n.bi(a.statusLabel);
  return i18n.label ? i18n.label(a.status) : a.status;
}
