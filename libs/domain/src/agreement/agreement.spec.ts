import {
  agreementPartyOf,
  mayReadAgreement,
  AgreementExecutionFacts,
  AgreementParty,
  agreementRevisionSchema,
  assertInstallmentCommand,
  assertMilestoneCheckOf,
  assertNotApproverOf,
  assertPrintable,
  AgreementStatus,
  assertCanSign,
  assertInstallmentStep,
  assertMilestoneCheck,
  assertPledgeAccepted,
  assertRevisable,
  DEFAULT_INSTALLMENTS,
  installmentBlocked,
  MilestoneOutcome,
  ReleaseFacts,
} from './agreement';
import { caught, HAN } from '../kernel/spec-helpers';
import type { Actor } from '../kernel/roles';
import { parseOrThrow } from '../kernel/validation';

function pathsOf(fn: () => unknown): string[] {
  return caught(fn).fields.map((f) => f.path);
}

describe('assertCanSign', () => {
  // 2026-11-30 23:59:59.999 Beijing time.
  const signBy = '2026-11-30T15:59:59.999Z';
  const deadline = new Date(signBy).getTime();

  it('lets each party sign a draft before the deadline, up to its last millisecond', () => {
    expect(() => assertCanSign('draft', [], 'pi', signBy, deadline - 1)).not.toThrow();
    expect(() => assertCanSign('draft', ['pi'], 'institution', signBy, deadline - 1)).not.toThrow();
    expect(() =>
      assertCanSign('draft', ['pi', 'institution'], 'bureau', signBy, deadline - 86_400_000),
    ).not.toThrow();
  });

  it('refuses at and after the deadline, naming it in Beijing time', () => {
    for (const now of [deadline, deadline + 1000]) {
      const e = caught(() => assertCanSign('draft', [], 'pi', signBy, now));
      expect(e.code).toBe('window_closed');
      expect(e.bilingual.zh).toBe('签订期限已于 2026-11-30 23:59:59（北京时间）届满');
      expect(e.bilingual.en).toBe('The signing deadline passed at 2026-11-30 23:59:59 (Asia/Shanghai)');
    }
  });

  it('refuses a second signature by the same party', () => {
    const e = caught(() =>
      assertCanSign('draft', ['pi', 'institution'], 'institution', signBy, deadline - 1),
    );
    expect(e.code).toBe('conflict');
    expect(e.bilingual).toEqual({ zh: '依托单位已签署', en: 'The host institution has already signed' });
    expect(caught(() => assertCanSign('draft', ['pi'], 'pi', signBy, deadline - 1)).bilingual.zh).toBe(
      '项目负责人已签署',
    );
  });

  it('refuses a signed or forfeited agreement, whatever the time', () => {
    const signed = caught(() =>
      assertCanSign('signed', ['pi', 'institution', 'bureau'], 'bureau', signBy, 0),
    );
    expect(signed.code).toBe('invalid_state');
    expect(signed.bilingual).toEqual({
      zh: '任务书已签订，不能签署',
      en: 'The agreement is signed; it cannot be signed',
    });
    const forfeited = caught(() => assertCanSign('forfeited', [], 'pi', signBy, deadline + 1));
    expect(forfeited.code).toBe('invalid_state');
    expect(forfeited.bilingual.zh).toBe('任务书逾期未签订，视为放弃，不能签署');
    expect(forfeited.bilingual.en).toContain('forfeited; it cannot be signed');
  });
});

describe('agreementRevisionSchema', () => {
  const milestone = {
    title: '完成中试线建设',
    start: '2027-01-01',
    end: '2027-06-30',
    deliverable: '中试线一条及验收报告',
  };
  const indicator = { name: '发明专利', unit: '件', target: 3, assessment: '以授权证书为准' };
  const note = '按专家意见调整第二阶段里程碑';

  it('accepts a revision of any one of objectives, indicators or milestones', () => {
    const objectives = '研制面向锰系新材料的低能耗湿法冶金成套工艺，并完成中试验证。';
    expect(parseOrThrow(agreementRevisionSchema, { version: 1, objectives, note })).toEqual({
      version: 1,
      objectives,
      note,
    });
    expect(
      parseOrThrow(agreementRevisionSchema, { version: 2, indicators: [indicator], note }).indicators,
    ).toEqual([indicator]);
    expect(
      parseOrThrow(agreementRevisionSchema, { version: 3, milestones: [milestone], note }).milestones,
    ).toEqual([milestone]);
  });

  it('needs at least one change, reported at objectives', () => {
    const e = caught(() => parseOrThrow(agreementRevisionSchema, { version: 1, note }));
    expect(e.code).toBe('validation_failed');
    expect(e.fields).toEqual([
      {
        path: 'objectives',
        message: {
          zh: '须修改目标、考核指标或里程碑中的至少一项',
          en: 'Change at least one of objectives, indicators or milestones',
        },
      },
    ]);
  });

  it('needs a note of at least 5 characters after trimming', () => {
    const e = caught(() =>
      parseOrThrow(agreementRevisionSchema, { version: 1, milestones: [milestone], note: '  改一下  ' }),
    );
    expect(e.fields.map((f) => f.path)).toEqual(['note']);
    expect(e.fields[0].message.zh).toBe('须说明修改内容和理由（不少于 5 个字）');
    expect(e.fields[0].message.en).toBe('Say what changed and why (at least 5 characters)');
    expect(() =>
      parseOrThrow(agreementRevisionSchema, { version: 1, milestones: [milestone], note: ' 调整里程碑 ' }),
    ).not.toThrow();
    expect(
      pathsOf(() => parseOrThrow(agreementRevisionSchema, { version: 1, milestones: [milestone] })),
    ).toEqual(['note']);
  });

  it('refuses a milestone ending before it starts, at milestones.0.end', () => {
    const e = caught(() =>
      parseOrThrow(agreementRevisionSchema, {
        version: 1,
        milestones: [{ ...milestone, end: '2026-12-31' }],
        note,
      }),
    );
    expect(e.fields).toEqual([
      {
        path: 'milestones.0.end',
        message: { zh: '结束日期不能早于开始日期', en: 'The end cannot be before the start' },
      },
    ]);
    // Same day is fine.
    expect(() =>
      parseOrThrow(agreementRevisionSchema, {
        version: 1,
        milestones: [{ ...milestone, end: milestone.start }],
        note,
      }),
    ).not.toThrow();
  });

  it('refuses unknown keys, empty lists and a bad version', () => {
    const e = caught(() =>
      parseOrThrow(agreementRevisionSchema, { version: 1, milestones: [milestone], note, status: 'signed' }),
    );
    expect(e.fields.map((f) => f.path)).toEqual(['(root)']);
    expect(e.fields[0].message.en).toContain('status');
    expect(e.fields[0].message.zh).toMatch(HAN);
    expect(
      pathsOf(() => parseOrThrow(agreementRevisionSchema, { version: 1, milestones: [], note })),
    ).toEqual(['milestones']);
    expect(
      pathsOf(() => parseOrThrow(agreementRevisionSchema, { version: 0, milestones: [milestone], note })),
    ).toEqual(['version']);
  });
});

describe('assertRevisable', () => {
  it('lets a draft nobody has signed be revised from its current version', () => {
    expect(() => assertRevisable('draft', [], 3, 3)).not.toThrow();
  });

  it('refuses a stale version, at version, naming the current one', () => {
    const e = caught(() => assertRevisable('draft', [], 4, 3));
    expect(e.code).toBe('precondition_failed');
    expect(e.bilingual.zh).toBe('任务书已更新为第 4 版，请在最新版本上修改');
    expect(e.bilingual.en).toContain('version 4');
    expect(e.fields).toEqual([{ path: 'version', message: e.bilingual }]);
  });

  it('locks the terms at the first signature, naming who signed', () => {
    const one = caught(() => assertRevisable('draft', ['pi'], 1, 1));
    expect(one.code).toBe('invalid_state');
    expect(one.bilingual.zh).toBe('项目负责人已签署，任务书内容已锁定');
    expect(one.bilingual.en).toBe('Signed by the PI: the terms are locked');
    const two = caught(() => assertRevisable('draft', ['pi', 'institution'], 2, 1));
    expect(two.code).toBe('invalid_state');
    expect(two.bilingual.zh).toBe('项目负责人、依托单位已签署，任务书内容已锁定');
    expect(two.bilingual.en).toContain('PI, host institution');
  });

  it.each<AgreementStatus>(['signed', 'forfeited'])('refuses a %s agreement', (status) => {
    const e = caught(() => assertRevisable(status, [], 1, 1));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toMatch(/^任务书.+，不能修改$/);
    expect(e.bilingual.en).toContain('cannot be revised');
  });
});

describe('assertPledgeAccepted', () => {
  it('requires the PI of a challenge to accept the pledge explicitly, at performancePledge', () => {
    for (const input of [{}, { performancePledge: false }]) {
      const e = caught(() => assertPledgeAccepted('pi', true, input));
      expect(e.code).toBe('validation_failed');
      expect(e.bilingual.zh).toContain('军令状');
      expect(e.fields).toEqual([{ path: 'performancePledge', message: e.bilingual }]);
    }
    expect(() => assertPledgeAccepted('pi', true, { performancePledge: true })).not.toThrow();
  });

  it.each<AgreementParty>(['institution', 'bureau'])('never asks the %s for the pledge', (party) => {
    expect(() => assertPledgeAccepted(party, true, {})).not.toThrow();
    expect(() => assertPledgeAccepted(party, true, { performancePledge: false })).not.toThrow();
  });

  it('asks nobody when the agreement has no pledge', () => {
    expect(() => assertPledgeAccepted('pi', false, {})).not.toThrow();
    expect(() => assertPledgeAccepted('pi', false, { performancePledge: false })).not.toThrow();
  });
});

describe('assertMilestoneCheck', () => {
  it('checks the next milestone of a signed agreement', () => {
    expect(() => assertMilestoneCheck('signed', 3, [], 1)).not.toThrow();
    expect(() => assertMilestoneCheck('signed', 3, ['passed'], 2)).not.toThrow();
    expect(() => assertMilestoneCheck('signed', 3, ['passed', 'passed'], 3)).not.toThrow();
  });

  it.each<AgreementStatus>(['draft', 'forfeited'])(
    'refuses before the agreement is signed (%s)',
    (status) => {
      const e = caught(() => assertMilestoneCheck(status, 3, [], 1));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toBe('任务书签订后才能进行里程碑考核');
    },
  );

  it('refuses out of order, naming the next milestone', () => {
    const e = caught(() => assertMilestoneCheck('signed', 3, ['passed'], 3));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toBe('里程碑须按顺序考核，下一个为第 2 个');
    expect(e.bilingual.en).toContain('the next is number 2');
    expect(caught(() => assertMilestoneCheck('signed', 3, [], 2)).bilingual.zh).toContain('下一个为第 1 个');
  });

  it('refuses checking a milestone twice', () => {
    const e = caught(() => assertMilestoneCheck('signed', 3, ['passed', 'passed'], 2));
    expect(e.code).toBe('conflict');
    expect(e.bilingual.zh).toBe('该里程碑已考核');
  });

  it('refuses a milestone beyond the count', () => {
    const e = caught(() => assertMilestoneCheck('signed', 3, ['passed', 'passed', 'passed'], 4));
    expect(e.code).toBe('not_found');
    expect(e.bilingual).toEqual({ zh: '里程碑不存在', en: 'No such milestone' });
    expect(caught(() => assertMilestoneCheck('signed', 2, [], 3)).code).toBe('not_found');
  });

  it('refuses any further check once one has failed: funding has stopped', () => {
    const e = caught(() => assertMilestoneCheck('signed', 3, ['failed'], 2));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toBe('已有里程碑考核未通过，项目已停止拨款');
    expect(e.bilingual.en).toContain('funding has stopped');
    expect(caught(() => assertMilestoneCheck('signed', 3, ['passed', 'failed'], 3)).code).toBe(
      'invalid_state',
    );
  });
});

describe('installmentBlocked', () => {
  const challenge = [
    { sharePercent: 30, releasedBy: 'signing' },
    { sharePercent: 30, releasedBy: 'milestone' },
    { sharePercent: 20, releasedBy: 'milestone' },
    { sharePercent: 20, releasedBy: 'acceptance' },
  ];
  const facts = (signed: boolean, milestones: MilestoneOutcome[] = []): ReleaseFacts => ({
    signed,
    milestones,
  });
  const STOPPED = { zh: '里程碑考核未通过，已停止拨款', en: 'A milestone check failed; funding has stopped' };
  const all = (f: ReleaseFacts) => [1, 2, 3, 4].map((seq) => installmentBlocked(challenge, seq, f));

  it('blocks everything before signing, naming each installment’s event', () => {
    const blocked = all(facts(false));
    expect(blocked.every((b) => b !== null)).toBe(true);
    expect(blocked[0]).toEqual({
      zh: '该期经费须在“任务书签订后”拨付，条件尚未满足',
      en: 'This installment is released on signing the agreement; that has not happened yet',
    });
    expect(blocked[1]?.zh).toContain('里程碑考核通过后');
    expect(blocked[3]?.zh).toContain('验收通过后');
    // Passed milestones recorded without a signature release nothing either.
    expect(all(facts(false, ['passed', 'passed'])).every((b) => b !== null)).toBe(true);
  });

  it('releases the signing installment once signed, each milestone installment after its passed check', () => {
    expect(all(facts(true)).map((b) => b === null)).toEqual([true, false, false, false]);
    expect(installmentBlocked(challenge, 2, facts(true))?.en).toBe(
      'This installment is released after a passed milestone check; that has not happened yet',
    );
    expect(all(facts(true, ['passed'])).map((b) => b === null)).toEqual([true, true, false, false]);
    expect(installmentBlocked(challenge, 3, facts(true, ['passed']))?.zh).toContain('里程碑考核通过后');
    expect(all(facts(true, ['passed', 'passed'])).map((b) => b === null)).toEqual([true, true, true, false]);
  });

  it('stops every milestone payment after a failed check', () => {
    const blocked = all(facts(true, ['failed']));
    expect(blocked[0]).toBeNull();
    expect(blocked[1]).toEqual(STOPPED);
    expect(blocked[2]).toEqual(STOPPED);
    // A failed second check stops the second milestone payment only; the first stays released.
    const second = all(facts(true, ['passed', 'failed']));
    expect(second[1]).toBeNull();
    expect(second[2]).toEqual(STOPPED);
  });

  it('releases the acceptance installment once the acceptance has passed (final)', () => {
    expect(
      installmentBlocked(challenge, 4, { ...facts(true, ['passed', 'passed']), acceptancePassed: true }),
    ).toBeNull();
    expect(
      installmentBlocked(DEFAULT_INSTALLMENTS, 2, { ...facts(true), acceptancePassed: true }),
    ).toBeNull();
  });

  it('keeps acceptance blocked until then', () => {
    const acceptance = installmentBlocked(challenge, 4, facts(true, ['passed', 'passed']));
    expect(acceptance).toEqual({
      zh: '该期经费须在“验收通过后”拨付，条件尚未满足',
      en: 'This installment is released after passing acceptance; that has not happened yet',
    });
  });

  it('keeps the default plan (signing 60, acceptance 40) as before', () => {
    expect(DEFAULT_INSTALLMENTS.map((i) => i.releasedBy)).toEqual(['signing', 'acceptance']);
    expect(installmentBlocked(DEFAULT_INSTALLMENTS, 1, facts(false))?.zh).toContain('任务书签订后');
    expect(installmentBlocked(DEFAULT_INSTALLMENTS, 1, facts(true))).toBeNull();
    expect(installmentBlocked(DEFAULT_INSTALLMENTS, 2, facts(true))?.zh).toContain('验收通过后');
    expect(installmentBlocked(DEFAULT_INSTALLMENTS, 2, facts(true, ['failed']))?.zh).toContain('验收通过后');
  });
});

describe('assertInstallmentStep', () => {
  const reason = { zh: '里程碑考核未通过，已停止拨款', en: 'A milestone check failed; funding has stopped' };

  it('approves a released planned installment, then pays it', () => {
    expect(() => assertInstallmentStep('planned', 'approve', null)).not.toThrow();
    expect(() => assertInstallmentStep('approved', 'pay', null)).not.toThrow();
  });

  it('refuses to approve a blocked installment with the reason it is blocked', () => {
    const e = caught(() => assertInstallmentStep('planned', 'approve', reason));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual).toEqual(reason);
  });

  it('refuses to approve twice', () => {
    for (const status of ['approved', 'paid'] as const) {
      const e = caught(() => assertInstallmentStep(status, 'approve', null));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual).toEqual({ zh: '该期经费已审核', en: 'This installment is already approved' });
    }
  });

  it('refuses to pay before approval, or twice', () => {
    const e = caught(() => assertInstallmentStep('planned', 'pay', null));
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toBe('该期经费须先审核后拨付，且只能拨付一次');
    expect(caught(() => assertInstallmentStep('paid', 'pay', null)).code).toBe('invalid_state');
  });
});

describe('the execution rules the agreement workflow runs', () => {
  const facts = (over: Partial<AgreementExecutionFacts> = {}): AgreementExecutionFacts => ({
    status: 'signed',
    amountFen: 1_000,
    milestoneCount: 2,
    milestones: [],
    installments: [
      { seq: 1, releasedBy: 'signing', amountFen: 300, status: 'planned', approvedBy: null },
      { seq: 2, releasedBy: 'milestone', amountFen: 700, status: 'planned', approvedBy: null },
    ],
    ...over,
  });

  it('checks milestones on the records: in order, once, only when signed', () => {
    expect(() => assertMilestoneCheckOf(facts(), 1)).not.toThrow();
    expect(caught(() => assertMilestoneCheckOf(facts(), 2)).code).toBe('invalid_state');
    expect(caught(() => assertMilestoneCheckOf(facts({ milestones: ['passed'] }), 1)).code).toBe('conflict');
    expect(caught(() => assertMilestoneCheckOf(facts({ status: 'draft' }), 1)).code).toBe('invalid_state');
  });

  it('approves a released installment, refuses one not yet released or unknown', () => {
    expect(assertInstallmentCommand(facts(), 1, 'approve', 'a').seq).toBe(1);
    expect(caught(() => assertInstallmentCommand(facts(), 2, 'approve', 'a')).code).toBe('invalid_state');
    expect(() =>
      assertInstallmentCommand(facts({ milestones: ['passed'] }), 2, 'approve', 'a'),
    ).not.toThrow();
    expect(caught(() => assertInstallmentCommand(facts(), 3, 'approve', 'a')).code).toBe('not_found');
  });

  it("refuses an ended project's unpaid installments, naming a failed milestone when that ended it", () => {
    const failed = caught(() =>
      assertInstallmentCommand(
        facts({ milestones: ['failed'], projectStatus: 'terminated' }),
        2,
        'approve',
        'a',
      ),
    );
    expect([failed.code, failed.bilingual.zh]).toEqual(['invalid_state', '里程碑考核未通过，已停止拨款']);
    const revoked = caught(() =>
      assertInstallmentCommand(facts({ projectStatus: 'revoked' }), 1, 'approve', 'a'),
    );
    expect([revoked.code, revoked.bilingual.zh]).toEqual([
      'invalid_state',
      '项目已终止或撤销，未拨付的经费不再审核或拨付',
    ]);
    // 结题 through 容错: the unspent funds are returned, nothing more is paid.
    const closed = caught(() =>
      assertInstallmentCommand(facts({ projectStatus: 'closed' }), 1, 'approve', 'a'),
    );
    expect([closed.code, closed.bilingual.zh]).toEqual([
      'invalid_state',
      '项目已结题，未拨付的经费不再审核或拨付',
    ]);
    const failedAcceptance = caught(() =>
      assertInstallmentCommand(facts({ projectStatus: 'failed' }), 1, 'approve', 'a'),
    );
    expect(failedAcceptance.bilingual.zh).toBe('项目已验收不通过，未拨付的经费不再审核或拨付');
  });

  it('pays an approved installment by another staff member (four eyes), once, never beyond the award', () => {
    const approved = facts({
      installments: [
        { seq: 1, releasedBy: 'signing', amountFen: 300, status: 'approved', approvedBy: 'a' },
        { seq: 2, releasedBy: 'milestone', amountFen: 700, status: 'planned', approvedBy: null },
      ],
    });
    const e = caught(() => assertInstallmentCommand(approved, 1, 'pay', 'a'));
    expect(e.code).toBe('forbidden');
    expect(e.bilingual.zh).toMatch(HAN);
    expect(() => assertInstallmentCommand(approved, 1, 'pay', 'b')).not.toThrow();
    expect(caught(() => assertInstallmentCommand(facts(), 1, 'pay', 'b')).code).toBe('invalid_state');
    const over = facts({
      amountFen: 900,
      installments: [
        { seq: 1, releasedBy: 'signing', amountFen: 300, status: 'paid', approvedBy: 'a' },
        { seq: 2, releasedBy: 'signing', amountFen: 700, status: 'approved', approvedBy: 'a' },
      ],
    });
    expect(caught(() => assertInstallmentCommand(over, 2, 'pay', 'b')).code).toBe('validation_failed');
  });

  it('four eyes on its own, and printing only once signed', () => {
    expect(() => assertNotApproverOf(null, 'a')).not.toThrow();
    expect(() => assertNotApproverOf('b', 'a')).not.toThrow();
    expect(caught(() => assertNotApproverOf('a', 'a')).code).toBe('forbidden');
    expect(() => assertPrintable('signed')).not.toThrow();
    expect(caught(() => assertPrintable('draft')).code).toBe('invalid_state');
  });
});

describe('who reads an agreement and as which party one signs', () => {
  const holders = { applicantId: 'pi-1', institutionId: 'inst-1' };
  const actor = (id: string, roles: Actor['roles'], institutionId: string | null = null): Actor =>
    ({ id, roles, institutionId }) as Actor;

  it('staff and auditors read every agreement; the PI and the host institution their own', () => {
    expect(mayReadAgreement(actor('x', ['auditor']), holders)).toBe(true);
    expect(mayReadAgreement(actor('pi-1', ['applicant']), holders)).toBe(true);
    expect(mayReadAgreement(actor('pi-2', ['applicant']), holders)).toBe(false);
    expect(mayReadAgreement(actor('a', ['institution_admin'], 'inst-1'), holders)).toBe(true);
    expect(mayReadAgreement(actor('a', ['institution_admin'], 'inst-2'), holders)).toBe(false);
    expect(mayReadAgreement(actor('a', ['institution_admin']), { ...holders, institutionId: null })).toBe(
      false,
    );
  });

  it('signs as the PI, the institution or the bureau, by account; anyone else has no party', () => {
    expect(agreementPartyOf(actor('pi-1', ['applicant']), holders)).toBe('pi');
    expect(agreementPartyOf(actor('a', ['institution_admin'], 'inst-1'), holders)).toBe('institution');
    expect(agreementPartyOf(actor('o', ['officer']), holders)).toBe('bureau');
    expect(agreementPartyOf(actor('pi-2', ['applicant']), holders)).toBeNull();
    expect(agreementPartyOf(actor('x', ['auditor']), holders)).toBeNull();
  });
});

describe('installments and the project’s progress reports (issue 15 §2)', () => {
  const plan = [
    { sharePercent: 40, releasedBy: 'signing' },
    { sharePercent: 30, releasedBy: 'report_accepted' },
    { sharePercent: 30, releasedBy: 'report_accepted' },
  ];
  const late = [{ seq: 2, dueAt: '2027-06-01T02:00:00.000Z' }];
  const facts = (overdue: Array<{ seq: number; dueAt: string }>, accepted: number): ReleaseFacts => ({
    signed: true,
    milestones: [],
    reports: { overdue, accepted },
  });

  it('releases the k-th installment by report_accepted after the k-th accepted report', () => {
    expect([1, 2, 3].map((s) => installmentBlocked(plan, s, facts([], 0)) === null)).toEqual([
      true,
      false,
      false,
    ]);
    expect(installmentBlocked(plan, 2, facts([], 0))).toEqual({
      zh: '该期经费须在“进展报告审核通过后”拨付，条件尚未满足',
      en: 'This installment is released after an accepted progress report; that has not happened yet',
    });
    expect([1, 2, 3].map((s) => installmentBlocked(plan, s, facts([], 1)) === null)).toEqual([
      true,
      true,
      false,
    ]);
    expect([1, 2, 3].map((s) => installmentBlocked(plan, s, facts([], 2)) === null)).toEqual([
      true,
      true,
      true,
    ]);
    // Without a project there is nothing to report: such an installment never comes.
    expect(installmentBlocked(plan, 2, { signed: true, milestones: [] })?.zh).toContain('进展报告审核通过后');
  });

  it('holds back every approval while a report is past due and not accepted, naming it and its due date', () => {
    const blocked = [1, 2, 3].map((s) => installmentBlocked(plan, s, facts(late, 2)));
    for (const b of blocked)
      expect(b).toEqual({
        zh: '第 2 期进展报告（应于 2027-06-01 10:00:00 前提交）已逾期，报告提交并审核通过前不能审核拨付下一期经费',
        en: 'Progress report 2 (due 2027-06-01 10:00:00, Asia/Shanghai) is overdue: the next installment waits until it is submitted and accepted',
      });
    // Still a refusal before signing: the signing comes first.
    expect(installmentBlocked(plan, 1, { ...facts(late, 0), signed: false })?.zh).toContain('任务书签订后');
  });

  it('refuses the approval (409) through the agreement’s command rule, and lets it through once accepted', () => {
    const base: AgreementExecutionFacts = {
      status: 'signed',
      amountFen: 1_000,
      milestoneCount: 0,
      milestones: [],
      installments: [
        { seq: 1, releasedBy: 'signing', amountFen: 400, status: 'paid', approvedBy: 'a' },
        { seq: 2, releasedBy: 'report_accepted', amountFen: 600, status: 'planned', approvedBy: null },
      ],
    };
    const e = caught(() =>
      assertInstallmentCommand(
        { ...base, project: { overdueReports: late, acceptedReports: 1 } },
        2,
        'approve',
        'a',
      ),
    );
    expect(e.code).toBe('invalid_state');
    expect(e.bilingual.zh).toContain('第 2 期进展报告');
    expect(
      assertInstallmentCommand(
        { ...base, project: { overdueReports: [], acceptedReports: 1 } },
        2,
        'approve',
        'a',
      ).seq,
    ).toBe(2);
    // An agreement without a project keeps its rules (nothing released by reports).
    expect(caught(() => assertInstallmentCommand(base, 2, 'approve', 'a')).code).toBe('invalid_state');
  });
});
