import type { MessageKey } from '../i18n/zh';

type Label = { zh: string; en: string };

/** An invitation as every review view carries it (the round's list, the expert's own). */
export interface InvitationStatus {
  status: string;
  statusLabel: Label;
  /** Whose recusal it was, when recused: the expert's own, or required by an officer. */
  recusal: 'self' | 'required' | null;
}

/**
 * The invitation's status as the portal shows it. 已回避 alone hid whether the expert stepped
 * aside or an officer required it: a recusal says which (已回避（本人申请）/ 已回避（主管要求）).
 */
export function invitationStatusText(
  a: InvitationStatus,
  i18n: { t: (key: MessageKey) => string; bi: (value: Label) => string },
): string {
  if (a.status === 'recused' && a.recusal) return i18n.t(`review.recused.${a.recusal}`);
  return i18n.bi(a.statusLabel);
}
