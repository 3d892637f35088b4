import type { Actor } from '../kernel/roles';
import { canEditApplication, canEndorseApplication } from '../kernel/access';
import { DomainError } from '../kernel/errors.rules';
import { CallStatus, Mode, MODE_LABELS } from '../guide/call.rules';

/**
 * Rules of the application stage's commands that the API applies before it sends them (the
 * workflow applies the state rules itself): refusals worded once, unit-tested here.
 */

/** Who signs the integrity pledge (科研诚信承诺): the PI for themself, the host's admin for it; else nobody. */
export function pledgePartyOf(
  actor: Actor,
  app: { applicantId: string; institutionId: string | null },
): 'pi' | 'institution' | null {
  if (canEditApplication(actor, app)) return 'pi';
  if (canEndorseApplication(actor, app)) return 'institution';
  return null;
}

/** The PI's pledge is signed before submission, or with it (`integrityPledge: true`). */
export function assertPledgeForSubmission(signedBefore: boolean, givenNow: boolean | undefined): void {
  if (signedBefore || givenNow === true) return;
  const message = {
    zh: '提交前须由项目负责人签署科研诚信承诺（integrityPledge: true）',
    en: 'The PI must sign the research-integrity pledge before submitting (integrityPledge: true)',
  };
  throw new DomainError('validation_failed', message, [{ path: 'integrityPledge', message }]);
}

/** A challenge bid names the challenge it answers. */
export function assertBidNamesChallenge(mode: Mode, topicId: string | undefined | null): void {
  if (mode !== 'challenge' || topicId) return;
  const message = { zh: '揭榜须指定所揭的榜单', en: 'A challenge bid must name the challenge it answers' };
  throw new DomainError('validation_failed', message, [{ path: 'topicId', message }]);
}

/** An application names a topic (a challenge, for bids) of its call's guide, or none. */
export function assertTopicOfCall(isTopicOfGuide: boolean): void {
  if (isTopicOfGuide) return;
  const message = { zh: '该方向或榜单不属于本批次的指南', en: "The topic is not part of this call's guide" };
  throw new DomainError('validation_failed', message, [{ path: 'topicId', message }]);
}

/** A withdrawn call has nobody who passed: there is no list to publish. */
export function assertMayPublishPassedList(status: CallStatus): void {
  if (status !== 'withdrawn') return;
  throw new DomainError('invalid_state', {
    zh: '申报批次已撤回，没有形式审查通过名单可公布',
    en: 'The call was withdrawn: there is no passed list to publish',
  });
}

/** Comparing submitted versions names versions that exist. */
export function assertSubmittedVersion(exists: boolean, n: number, path: string): void {
  if (exists) return;
  const message = { zh: `第 ${n} 次提交的版本不存在`, en: `There is no submitted version ${n}` };
  throw new DomainError('validation_failed', message, [{ path, message }]);
}

/** A new call's deadline lies in the future (by the server's clock). */
export function assertDeadlineAhead(windowEnd: string, now: number): void {
  if (new Date(windowEnd).getTime() > now) return;
  throw new DomainError('validation_failed', { zh: '截止时间已过', en: 'The deadline is in the past' }, [
    { path: 'windowEnd', message: { zh: '截止时间必须晚于当前时间', en: 'windowEnd must be in the future' } },
  ]);
}

/**
 * What a new call refers to, checked together: the template (its current version) exists and is
 * of the call's mode; the directed topic exists. Every problem is named at its field.
 */
export function assertCallReferences(refs: {
  mode: Mode;
  /** Absent: no template asked for; null: asked for and not found. */
  template?: { mode: Mode } | null;
  /** Absent: no topic asked for. */
  topicExists?: boolean;
}): void {
  const fields: Array<{ path: string; message: { zh: string; en: string } }> = [];
  if (refs.template === null)
    fields.push({ path: 'templateCode', message: { zh: '计划模板不存在', en: 'No such program template' } });
  else if (refs.template && refs.template.mode !== refs.mode)
    fields.push({
      path: 'templateCode',
      message: {
        zh: `计划模板的组织方式为“${MODE_LABELS[refs.template.mode].zh}”，与本批次不一致`,
        en: `The template's mode is ${refs.template.mode}, not ${refs.mode}`,
      },
    });
  if (refs.topicExists === false)
    fields.push({ path: 'topicId', message: { zh: '委托方向不存在', en: 'No such topic' } });
  if (fields.length)
    throw new DomainError('validation_failed', { zh: '申报批次内容有误', en: 'The call is invalid' }, fields);
}

/** An attachment names one of the documents the program accepts (its list, ethics approval, other). */
export function assertKnownDocument(code: string, accepted: readonly string[]): void {
  if (accepted.includes(code)) return;
  const message = {
    zh: `材料代码“${code}”不在本计划的附件清单中（可用：${accepted.join('、')}）`,
    en: `“${code}” is not a document of this program (use one of: ${accepted.join(', ')})`,
  };
  throw new DomainError('validation_failed', message, [{ path: 'document', message }]);
}
