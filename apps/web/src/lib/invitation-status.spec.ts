import { en } from '../i18n/en';
import { zh, type MessageKey } from '../i18n/zh';
import { invitationStatusText } from './invitation-status';

const RECUSED = { zh: '已回避', en: 'Recused' };
const inLang = (dict: Record<MessageKey, string>, lang: 'zh' | 'en') => ({
  t: (key: MessageKey) => dict[key],
  bi: (v: { zh: string; en: string }) => v[lang],
});

describe('the status of a review invitation in the portal', () => {
  it('says whose recusal it was: the expert’s own or required by the officer', () => {
    const own = { status: 'recused', statusLabel: RECUSED, recusal: 'self' as const };
    const required = { status: 'recused', statusLabel: RECUSED, recusal: 'required' as const };
    expect(invitationStatusText(own, inLang(zh, 'zh'))).toBe('已回避（本人申请）');
    expect(invitationStatusText(required, inLang(zh, 'zh'))).toBe('已回避（主管要求）');
    expect(invitationStatusText(own, inLang(en, 'en'))).toBe('Recused (at the expert’s own request)');
    expect(invitationStatusText(required, inLang(en, 'en'))).toBe('Recused (required by the organiser)');
  });

  it('a project panel’s seat: a recusal says whose it was; any other status as the portal words its code', () => {
    const label = (status: string) => `seatStatus:${status}`;
    const i18n = { ...inLang(zh, 'zh'), label };
    expect(invitationStatusText({ status: 'recused', recusal: 'required' }, i18n)).toBe('已回避（主管要求）');
    expect(invitationStatusText({ status: 'recused', recusal: 'self' }, i18n)).toBe('已回避（本人申请）');
    expect(invitationStatusText({ status: 'invited', recusal: null }, i18n)).toBe('seatStatus:invited');
  });

  it('shows any other status, and a recusal of unknown kind, as the API labels it', () => {
    const accepted = { status: 'accepted', statusLabel: { zh: '已接受', en: 'Accepted' }, recusal: null };
    expect(invitationStatusText(accepted, inLang(zh, 'zh'))).toBe('已接受');
    expect(
      invitationStatusText({ status: 'recused', statusLabel: RECUSED, recusal: null }, inLang(en, 'en')),
    ).toBe('Recused');
  });
});
