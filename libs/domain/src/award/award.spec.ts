import {
  approvalChainSchema,
  assertCallHasBudget,
  assertEvidenceUploaded,
  assertObjectionOpen,
  assertProposable,
  assertRoundOfCall,
  evidenceFileIds,
  fixedNoticePeriod,
  assertAmountWithinRequest,
  assertAwardEditable,
  assertMayApproveAward,
  assertObjectionAccepted,
  assertPayable,
  assertWithinBudget,
  AWARD_COMMANDS,
  AWARD_EDITABLE,
  AWARD_STATUS_LABELS,
  AWARD_STATUSES,
  awardApprovalDecisionSchema,
  AwardApprovalRecord,
  AwardCommand,
  awardCommandForDecision,
  awardCommandForOutcome,
  awardProposalSchema,
  AwardStatus,
  installmentPlan,
  isFinal,
  isValidContact,
  nextApprover,
  nextAwardStatus,
  nextInRanking,
  noticePeriod,
  objectionOutcomeSchema,
  objectionSchema,
} from './award';
import { workingDayCalendar } from '../kernel/calendar';
import { DomainError } from '../kernel/messages';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const APP_A = '2c5e8a1f-4b3d-4e6f-9a7b-1c2d3e4f5a6b';
const APP_B = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
const APP_C = '3a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const PROPOSER = 'a0000000-0000-4000-8000-000000000001';
const ADMIN_1 = 'a0000000-0000-4000-8000-000000000002';
const ADMIN_2 = 'a0000000-0000-4000-8000-000000000003';
const OFFICER = 'a0000000-0000-4000-8000-000000000004';

function pathsOf(fn: () => unknown): string[] {
  return caught(fn).fields.map((f) => f.path);
}

/** Beijing wall-clock time → instant. */
function beijing(local: string): Date {
  return new Date(`${local}+08:00`);
}

describe('awardProposalSchema', () => {
  const valid = {
    items: [
      { applicationId: APP_A, amountFen: 300_000_00, reason: '按评审意见核减设备费' },
      { applicationId: APP_B, amountFen: 150_000_00 },
    ],
    note: '2026 年度重点研发计划第一批',
  };

  it('accepts a proposal', () => {
    expect(parseOrThrow(awardProposalSchema, valid)).toEqual(valid);
  });

  it('refuses an empty list, a non-positive or fractional amount, a bad id and unknown keys', () => {
    expect(pathsOf(() => parseOrThrow(awardProposalSchema, { items: [] }))).toEqual(['items']);
    expect(
      pathsOf(() =>
        parseOrThrow(awardProposalSchema, {
          items: [
            { applicationId: 'nope', amountFen: 0 },
            { applicationId: APP_B, amountFen: 1.5 },
          ],
          extra: 1,
        }),
      ).sort(),
    ).toEqual(['(root)', 'items.0.amountFen', 'items.0.applicationId', 'items.1.amountFen']);
  });

  it('allows 500 items and refuses 501', () => {
    const items = (n: number) =>
      Array.from({ length: n }, (_, i) => ({
        applicationId: `00000000-0000-4000-8000-${i.toString().padStart(12, '0')}`,
        amountFen: 100,
      }));
    expect(awardProposalSchema.safeParse({ items: items(500) }).success).toBe(true);
    expect(pathsOf(() => parseOrThrow(awardProposalSchema, { items: items(501) }))).toEqual(['items']);
  });

  it('refuses the same application twice, at the duplicate’s applicationId, naming the first', () => {
    const e = caught(() =>
      parseOrThrow(awardProposalSchema, {
        items: [
          { applicationId: APP_A, amountFen: 100 },
          { applicationId: APP_B, amountFen: 100 },
          { applicationId: APP_A, amountFen: 200 },
        ],
      }),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fields).toEqual([
      {
        path: 'items.2.applicationId',
        message: {
          zh: '同一申报不能重复列入立项建议（与第 1 项重复）',
          en: 'The same application is proposed twice (duplicate of item 1)',
        },
      },
    ]);
  });
});

describe('assertWithinBudget', () => {
  const items = [{ amountFen: 600_000_00 }, { amountFen: 300_000_00 }];

  it('passes exactly at the budget and returns what is left', () => {
    expect(assertWithinBudget(items, 1_000_000_00, 100_000_00)).toEqual({
      totalFen: 900_000_00,
      remainingFen: 0,
    });
    expect(assertWithinBudget(items, 1_000_000_00, 0)).toEqual({
      totalFen: 900_000_00,
      remainingFen: 100_000_00,
    });
  });

  it('refuses one fen over, naming ¥0.01 at the path items', () => {
    const e = caught(() => assertWithinBudget(items, 1_000_000_00, 100_000_01));
    expect(e.code).toBe('validation_failed');
    expect(e.bilingual.zh).toContain('超出本批次预算 ¥0.01');
    expect(e.bilingual.en).toContain("exceeds the call's budget by ¥0.01");
    expect(e.bilingual.zh).toContain('¥900,000.00');
    expect(e.fields).toEqual([{ path: 'items', message: e.bilingual }]);
  });

  it('counts what is already committed', () => {
    expect(caught(() => assertWithinBudget([{ amountFen: 1 }], 100_00, 100_00)).bilingual.en).toContain(
      'by ¥0.01',
    );
  });

  it('reports the overrun at the path it is given', () => {
    const e = caught(() =>
      assertWithinBudget([{ amountFen: 300_000_01 }], 1_000_000_00, 700_000_00, 'adjustedAmountFen'),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.bilingual.zh).toContain('超出本批次预算 ¥0.01');
    expect(e.fields).toEqual([{ path: 'adjustedAmountFen', message: e.bilingual }]);
    expect(
      assertWithinBudget([{ amountFen: 300_000_00 }], 1_000_000_00, 700_000_00, 'adjustedAmountFen'),
    ).toEqual({
      totalFen: 300_000_00,
      remainingFen: 0,
    });
  });

  it('treats a bad amount from the caller as a programming error', () => {
    expect(() => assertWithinBudget(items, -1, 0)).toThrow(RangeError);
    expect(() => assertWithinBudget([{ amountFen: 0.5 }], 100, 0)).toThrow(RangeError);
  });
});

describe('assertAmountWithinRequest', () => {
  it('allows up to the requested amount', () => {
    expect(() =>
      assertAmountWithinRequest({ amountFen: 500_000_00 }, 500_000_00, 'items.0.amountFen'),
    ).not.toThrow();
    expect(() => assertAmountWithinRequest({ amountFen: 1 }, 500_000_00, 'items.0.amountFen')).not.toThrow();
  });

  it('refuses more than requested, at items.<i>.amountFen', () => {
    const e = caught(() =>
      assertAmountWithinRequest({ amountFen: 500_000_01 }, 500_000_00, 'items.3.amountFen'),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['items.3.amountFen']);
    expect(e.bilingual.zh).toBe('立项金额 ¥500,000.01 超过申请金额 ¥500,000.00');
  });
});

describe('nextAwardStatus', () => {
  const allowed: Array<[AwardStatus, AwardCommand, AwardStatus, string]> = [
    ['proposed', 'submit', 'in_approval', 'award.submitted_for_approval'],
    ['returned', 'submit', 'in_approval', 'award.submitted_for_approval'],
    ['in_approval', 'approve_step', 'in_approval', 'award.step_approved'],
    ['in_approval', 'approve', 'approved', 'award.approved'],
    ['in_approval', 'return', 'returned', 'award.returned'],
    ['approved', 'start_notice', 'in_notice', 'award.notice_started'],
    ['in_notice', 'adjust', 'in_notice', 'award.adjusted'],
    ['in_notice', 'finalize', 'final', 'award.finalized'],
    ['in_notice', 'cancel', 'cancelled', 'award.cancelled'],
    ['final', 'forfeit', 'forfeited', 'award.forfeited'],
  ];

  it.each(allowed)('allows %s --%s--> %s (event %s)', (from, command, to, event) => {
    expect(nextAwardStatus(from, command)).toEqual({ from, to, event });
  });

  it('refuses every combination outside the table, naming the status in both languages', () => {
    const refused = AWARD_STATUSES.flatMap((from) =>
      AWARD_COMMANDS.filter((cmd) => !allowed.some(([f, c]) => f === from && c === cmd)).map(
        (cmd) => [from, cmd] as const,
      ),
    );
    expect(refused.length).toBe(AWARD_STATUSES.length * AWARD_COMMANDS.length - allowed.length);
    for (const [from, cmd] of refused) {
      const e = caught(() => nextAwardStatus(from, cmd));
      expect(e.code).toBe('invalid_state');
      expect(e.bilingual.zh).toContain(AWARD_STATUS_LABELS[from].zh);
    }
  });

  it('has a bilingual label for every status', () => {
    for (const s of AWARD_STATUSES) {
      expect(AWARD_STATUS_LABELS[s].zh).toMatch(HAN);
      expect(AWARD_STATUS_LABELS[s].en).not.toMatch(HAN);
    }
  });

  it('lets the proposer edit only a proposed or returned award', () => {
    for (const s of AWARD_STATUSES) {
      if (AWARD_EDITABLE.includes(s)) expect(() => assertAwardEditable(s)).not.toThrow();
      else expect(caught(() => assertAwardEditable(s)).code).toBe('invalid_state');
    }
  });
});

describe('approval chain', () => {
  const chain = parseOrThrow(approvalChainSchema, ['officer', 'admin']);
  const admin1 = { id: ADMIN_1, roles: ['admin' as const] };
  const admin2 = { id: ADMIN_2, roles: ['admin' as const] };
  const officer = { id: OFFICER, roles: ['officer' as const] };

  it('defaults to admin and refuses an empty chain or an unknown role', () => {
    expect(parseOrThrow(approvalChainSchema, undefined)).toEqual(['admin']);
    expect(pathsOf(() => parseOrThrow(approvalChainSchema, []))).toEqual(['(root)']);
    expect(pathsOf(() => parseOrThrow(approvalChainSchema, ['admin', 'boss']))).toEqual(['1']);
  });

  it('walks the chain in order and restarts after a return', () => {
    expect(nextApprover(chain, [])).toEqual({ step: 0, role: 'officer' });
    const one: AwardApprovalRecord[] = [{ actorId: OFFICER, decision: 'approve' }];
    expect(nextApprover(chain, one)).toEqual({ step: 1, role: 'admin' });
    expect(nextApprover(chain, [...one, { actorId: ADMIN_1, decision: 'approve' }])).toBeNull();
    expect(nextApprover(chain, [...one, { actorId: ADMIN_1, decision: 'return' }])).toEqual({
      step: 0,
      role: 'officer',
    });
  });

  it('refuses the proposer even with the right role (four eyes)', () => {
    const e = caught(() => assertMayApproveAward({ id: PROPOSER, roles: ['officer'] }, PROPOSER, chain, []));
    expect(e.code).toBe('forbidden');
    expect(e.bilingual.zh).toBe('立项建议的提出人不能审批自己的建议');
  });

  it('refuses the wrong role for the step, naming the role', () => {
    const e = caught(() => assertMayApproveAward(admin1, PROPOSER, chain, []));
    expect(e.code).toBe('forbidden');
    expect(e.bilingual.zh).toContain('项目管理人员');
    expect(assertMayApproveAward(officer, PROPOSER, chain, [])).toEqual({ step: 0, role: 'officer' });
  });

  it('refuses one person approving two steps of a round, not of different rounds', () => {
    const twoAdmins = ['admin' as const, 'admin' as const];
    const first: AwardApprovalRecord[] = [{ actorId: ADMIN_1, decision: 'approve' }];
    expect(caught(() => assertMayApproveAward(admin1, PROPOSER, twoAdmins, first)).code).toBe('forbidden');
    expect(assertMayApproveAward(admin2, PROPOSER, twoAdmins, first)).toEqual({ step: 1, role: 'admin' });
    const returned: AwardApprovalRecord[] = [...first, { actorId: ADMIN_2, decision: 'return' }];
    expect(assertMayApproveAward(admin1, PROPOSER, twoAdmins, returned)).toEqual({ step: 0, role: 'admin' });
  });

  it('refuses a decision once every step has approved', () => {
    const done: AwardApprovalRecord[] = [
      { actorId: OFFICER, decision: 'approve' },
      { actorId: ADMIN_1, decision: 'approve' },
    ];
    expect(caught(() => assertMayApproveAward(admin2, PROPOSER, chain, done)).code).toBe('invalid_state');
    expect(caught(() => awardCommandForDecision(chain, done, 'approve')).code).toBe('invalid_state');
  });

  it('maps a decision to the state-machine command', () => {
    expect(awardCommandForDecision(chain, [], 'approve')).toBe('approve_step');
    expect(awardCommandForDecision(chain, [{ actorId: OFFICER, decision: 'approve' }], 'approve')).toBe(
      'approve',
    );
    expect(awardCommandForDecision(chain, [], 'return')).toBe('return');
    expect(awardCommandForDecision(['admin'], [], 'approve')).toBe('approve');
  });

  it('needs comments of at least 5 characters to return', () => {
    expect(awardApprovalDecisionSchema.safeParse({ decision: 'approve' }).success).toBe(true);
    expect(
      awardApprovalDecisionSchema.safeParse({ decision: 'return', comments: '金额核减过多' }).success,
    ).toBe(true);
    expect(
      pathsOf(() => parseOrThrow(awardApprovalDecisionSchema, { decision: 'return', comments: ' 不行 ' })),
    ).toEqual(['comments']);
    expect(pathsOf(() => parseOrThrow(awardApprovalDecisionSchema, { decision: 'return' }))).toEqual([
      'comments',
    ]);
  });
});

describe('fixedNoticePeriod', () => {
  it('runs the given time on the clock from publication, whatever the calendar (drills and tests)', () => {
    const from = Date.parse('2026-09-30T02:00:00Z'); // the eve of National Day: no holiday counts
    expect(fixedNoticePeriod(from, 'PT8S')).toEqual({
      start: '2026-09-30T02:00:00.000Z',
      end: '2026-09-30T02:00:08.000Z',
    });
    expect(fixedNoticePeriod(from, 'P5D').end).toBe('2026-10-05T02:00:00.000Z');
  });
});

describe('noticePeriod', () => {
  const calendar = workingDayCalendar();

  it('ends at 24:00 Beijing time of the 5th working day after publication (ordinary week)', () => {
    // Published Monday 2026-03-09 10:00; day 1 is Tuesday, day 5 is Monday 03-16.
    const n = noticePeriod(beijing('2026-03-09T10:00:00'), 5, calendar);
    expect(n.lastDay).toBe('2026-03-16');
    expect(n.end.toISOString()).toBe('2026-03-16T15:59:59.999Z');
    expect(n.startLocal).toBe('2026-03-09 10:00:00');
    expect(n.endLocal).toBe('2026-03-16 23:59:59');
    expect(n.workingDays).toBe(5);
  });

  it('spans the 2026 National Day holiday, counting the make-up Saturday', () => {
    // Published Tuesday 09-29: 09-30 (1), 10-01..07 off, 10-08 (2), 10-09 (3), Sat 10-10 make-up (4), 10-12 (5).
    const n = noticePeriod(beijing('2026-09-29T09:30:00'), 5, calendar);
    expect(n.lastDay).toBe('2026-10-12');
    expect(n.endLocal).toBe('2026-10-12 23:59:59');
  });

  it('spans the 2026 Spring Festival', () => {
    // Published Friday 02-13: Sat 02-14 make-up (1), 02-15..23 off, 02-24..27 (2–5).
    expect(noticePeriod(beijing('2026-02-13T16:00:00'), 5, calendar).lastDay).toBe('2026-02-27');
  });

  it('counts from the Beijing date, not the UTC date, and from the next working day after a weekend', () => {
    // 2026-03-09T16:30Z is Tuesday 03-10 00:30 in Beijing: days 03-11, 12, 13, 16, 17.
    expect(noticePeriod(new Date('2026-03-09T16:30:00Z'), 5, calendar).lastDay).toBe('2026-03-17');
    // Published on Saturday 03-07: day 1 is Monday 03-09.
    expect(noticePeriod(beijing('2026-03-07T10:00:00'), 5, calendar).lastDay).toBe('2026-03-13');
  });

  it('defaults to 5 working days on the bundled calendar', () => {
    expect(noticePeriod(beijing('2026-03-09T10:00:00')).lastDay).toBe('2026-03-16');
  });

  it('refuses a year without calendar data and a bad number of days', () => {
    expect(caught(() => noticePeriod(beijing('2026-12-28T10:00:00'), 5, calendar)).code).toBe(
      'calendar_data_missing',
    );
    expect(caught(() => noticePeriod(beijing('2026-03-09T10:00:00'), 0, calendar)).code).toBe(
      'validation_failed',
    );
    expect(caught(() => noticePeriod(new Date('nope'), 5, calendar)).code).toBe('validation_failed');
  });
});

describe('objections', () => {
  const notice = noticePeriod(beijing('2026-09-29T09:30:00'), 5); // ends 2026-10-12 23:59:59.999
  const valid = {
    objector: {
      name: '张三',
      contact: '13800138000',
      idNumber: '11010519491231002x',
      organisation: '百色学院',
    },
    applicationId: APP_A,
    facts: '该项目申报书中列出的三项发明专利经核查均为他人所有，与申报单位及项目负责人无关。',
    evidence: ['att-7f3a'],
  };
  const during = beijing('2026-10-09T15:00:00');

  it('accepts a named, specific objection within the notice', () => {
    const o = assertObjectionAccepted(valid, notice, during);
    expect(o.objector.idNumber).toBe('11010519491231002X');
    expect(o.evidence).toEqual(['att-7f3a']);
    expect(parseOrThrow(objectionSchema, { ...valid, evidence: undefined }).evidence).toEqual([]);
  });

  it('accepts at the last millisecond and refuses one second late, naming the end in Beijing time', () => {
    expect(() => assertObjectionAccepted(valid, notice, notice.end)).not.toThrow();
    expect(() => assertObjectionAccepted(valid, notice, beijing('2026-10-12T23:59:59'))).not.toThrow();
    const e = caught(() => assertObjectionAccepted(valid, notice, notice.end.getTime() + 1000));
    expect(e.code).toBe('window_closed');
    expect(e.bilingual.zh).toBe('公示期已于 2026-10-12 23:59:59（北京时间）结束，逾期不予受理');
    expect(e.bilingual.en).toContain('late objections are not accepted');
  });

  it('refuses one before the notice starts', () => {
    const e = caught(() => assertObjectionAccepted(valid, notice, notice.start.getTime() - 1));
    expect(e.code).toBe('window_not_open');
    expect(e.bilingual.zh).toContain('2026-09-29 09:30:00');
    expect(() => assertObjectionAccepted(valid, notice, notice.start)).not.toThrow();
  });

  it('refuses anonymous objections with a 实名 message at the missing fields', () => {
    const anonymous = { ...valid, objector: { contact: '13800138000', name: '  ' } };
    const e = caught(() => assertObjectionAccepted(anonymous, notice, during));
    expect(e.code).toBe('validation_failed');
    expect(e.bilingual.zh).toContain('实名');
    expect(e.bilingual.en).toContain('real name');
    expect(e.fields.map((f) => f.path)).toEqual(['objector.name', 'objector.idNumber']);
    expect(e.fields.every((f) => f.message.zh.includes('实名'))).toBe(true);
    expect(pathsOf(() => assertObjectionAccepted({ facts: 'x' }, notice, during))).toEqual([
      'objector.name',
      'objector.idNumber',
    ]);
  });

  it('says 实名 for a blank name or id number in the schema as well', () => {
    const e = caught(() =>
      parseOrThrow(objectionSchema, { ...valid, objector: { ...valid.objector, name: '', idNumber: ' ' } }),
    );
    expect(e.fields.map((f) => f.path)).toEqual(['objector.name', 'objector.idNumber']);
    expect(e.fields.every((f) => f.message.zh.includes('实名'))).toBe(true);
  });

  it('refuses vague facts with a message that facts must be specific', () => {
    const e = caught(() =>
      assertObjectionAccepted({ ...valid, facts: '该项目不应立项，存在问题。' }, notice, during),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fields).toEqual([
      {
        path: 'facts',
        message: {
          zh: '异议须写明具体事实（不少于 30 个字）；笼统的异议不予受理',
          en: 'The facts must be specific (at least 30 characters); vague objections are not accepted',
        },
      },
    ]);
    // Exactly 30 characters (after trimming) are enough.
    const thirty = '一'.repeat(30);
    expect(() => assertObjectionAccepted({ ...valid, facts: ` ${thirty} ` }, notice, during)).not.toThrow();
    expect(
      pathsOf(() => assertObjectionAccepted({ ...valid, facts: thirty.slice(1) }, notice, during)),
    ).toEqual(['facts']);
  });

  it('refuses late before looking at the content', () => {
    expect(caught(() => assertObjectionAccepted({}, notice, notice.end.getTime() + 1000)).code).toBe(
      'window_closed',
    );
  });

  it('checks the contact, the identity number, the name and the application id', () => {
    const bad = {
      ...valid,
      applicationId: 'APP-1',
      objector: { name: '张', contact: '12345', idNumber: '110105194912310021' },
    };
    expect(pathsOf(() => assertObjectionAccepted(bad, notice, during))).toEqual([
      'objector.name',
      'objector.contact',
      'objector.idNumber',
      'applicationId',
    ]);
  });

  it.each(['13800138000', '+86 13800138000', '0776-2821234', '07762821234', 'zhang.san@example.cn'])(
    'accepts the contact %s',
    (c) => expect(isValidContact(c)).toBe(true),
  );
  it.each(['12345', '23800138000', '1380013800', 'zhang@', '0776-12'])('refuses the contact %s', (c) =>
    expect(isValidContact(c)).toBe(false),
  );
});

describe('objectionOutcomeSchema', () => {
  const answer = '经核查，异议所述专利确属申报单位所有，维持立项。';

  it('accepts maintain and cancel without an amount, adjust with one', () => {
    expect(objectionOutcomeSchema.safeParse({ outcome: 'maintain', answer }).success).toBe(true);
    expect(objectionOutcomeSchema.safeParse({ outcome: 'cancel', answer }).success).toBe(true);
    expect(
      objectionOutcomeSchema.safeParse({ outcome: 'adjust', answer, adjustedAmountFen: 200_000_00 }).success,
    ).toBe(true);
  });

  it('needs an amount for adjust only, and a reply of at least 10 characters', () => {
    expect(pathsOf(() => parseOrThrow(objectionOutcomeSchema, { outcome: 'adjust', answer }))).toEqual([
      'adjustedAmountFen',
    ]);
    expect(
      pathsOf(() =>
        parseOrThrow(objectionOutcomeSchema, { outcome: 'maintain', answer, adjustedAmountFen: 1 }),
      ),
    ).toEqual(['adjustedAmountFen']);
    expect(
      pathsOf(() => parseOrThrow(objectionOutcomeSchema, { outcome: 'cancel', answer: '已核查。' })),
    ).toEqual(['answer']);
  });

  it('maps an outcome to the award command', () => {
    expect(awardCommandForOutcome('maintain')).toBeNull();
    expect(awardCommandForOutcome('adjust')).toBe('adjust');
    expect(awardCommandForOutcome('cancel')).toBe('cancel');
  });
});

describe('isFinal', () => {
  const end = beijing('2026-10-12T23:59:59.999');
  const after = beijing('2026-10-13T00:00:00');

  it('is final once the notice has ended and no objection is open', () => {
    expect(isFinal(end, 0, after)).toEqual({ final: true });
  });

  it('is not final during the notice, naming its end', () => {
    const r = isFinal(end, 0, end);
    expect(r.final).toBe(false);
    if (!r.final) {
      expect(r.reason.zh).toContain('2026-10-12 23:59:59');
      expect(r.reason.en).toContain('runs until 2026-10-12 23:59:59');
    }
  });

  it('is not final while an objection is open, giving both reasons when both apply', () => {
    const r = isFinal(end, 2, after.getTime());
    expect(r).toEqual({
      final: false,
      reason: { zh: '不能确定立项：尚有 2 件异议未办结', en: 'Not final yet: 2 objections are still open' },
    });
    const both = isFinal(end, 1, end);
    expect(both.final).toBe(false);
    if (!both.final) {
      expect(both.reason.zh).toContain('尚未期满；尚有 1 件异议未办结');
      expect(both.reason.en).toContain('1 objection is still open');
    }
  });
});

describe('nextInRanking', () => {
  const ranking = [
    { applicationId: APP_B, rank: 2 },
    { applicationId: APP_A, rank: 1 },
    { applicationId: APP_C, rank: 3 },
  ];

  it('gives the best-ranked application not excluded', () => {
    expect(nextInRanking(ranking, [])).toEqual({ applicationId: APP_A, rank: 1 });
    expect(nextInRanking(ranking, [APP_A])).toEqual({ applicationId: APP_B, rank: 2 });
    expect(nextInRanking(ranking, [APP_A, APP_B])).toEqual({ applicationId: APP_C, rank: 3 });
  });

  it('gives null when none is left', () => {
    expect(nextInRanking(ranking, [APP_A, APP_B, APP_C])).toBeNull();
    expect(nextInRanking([], [])).toBeNull();
  });
});

describe('installmentPlan', () => {
  it('splits an amount that does not divide, the last installment taking the remainder', () => {
    const plan = installmentPlan(100_001, [
      { sharePercent: 33, releasedBy: 'agreement_signed' },
      { sharePercent: 33, releasedBy: 'midterm_passed' },
      { sharePercent: 34, releasedBy: 'acceptance_passed' },
    ]);
    expect(plan.map((p) => p.amountFen)).toEqual([33_000, 33_000, 34_001]);
    expect(plan.reduce((s, p) => s + p.amountFen, 0)).toBe(100_001);
    expect(plan[1].releasedBy).toBe('midterm_passed');
  });

  it('rounds each share down to the fen', () => {
    const plan = installmentPlan(99_999, [
      { sharePercent: 60, releasedBy: 'agreement_signed' },
      { sharePercent: 40, releasedBy: 'acceptance_passed' },
    ]);
    expect(plan.map((p) => p.amountFen)).toEqual([59_999, 40_000]);
  });

  it('is exact at the top of the safe-integer range', () => {
    const plan = installmentPlan(Number.MAX_SAFE_INTEGER, [
      { sharePercent: 70, releasedBy: 'agreement_signed' },
      { sharePercent: 30, releasedBy: 'acceptance_passed' },
    ]);
    expect(BigInt(plan[0].amountFen) + BigInt(plan[1].amountFen)).toBe(BigInt(Number.MAX_SAFE_INTEGER));
  });

  it('refuses shares that do not add up to 100 or are not whole percents', () => {
    expect(
      pathsOf(() => installmentPlan(100, [{ sharePercent: 99, releasedBy: 'agreement_signed' }])),
    ).toEqual(['(root)']);
    expect(
      pathsOf(() =>
        installmentPlan(100, [
          { sharePercent: 50.5, releasedBy: 'agreement_signed' },
          { sharePercent: 49.5, releasedBy: '' },
        ]),
      ),
    ).toEqual(['0.sharePercent', '1.sharePercent', '1.releasedBy']);
  });
});

describe('assertPayable', () => {
  it('allows paying up to the award and returns what remains', () => {
    expect(assertPayable(60_000, 30_000, 100_000)).toBe(10_000);
    expect(assertPayable(60_000, 40_000, 100_000)).toBe(0);
  });

  it('refuses one fen beyond the award, naming the excess', () => {
    const e = caught(() => assertPayable(60_000, 40_001, 100_000));
    expect(e).toBeInstanceOf(DomainError);
    expect(e.code).toBe('validation_failed');
    expect(e.bilingual.zh).toContain('¥0.01');
    expect(e.fields.map((f) => f.path)).toEqual(['amountFen']);
  });

  it('refuses a zero payment and bad amounts', () => {
    expect(caught(() => assertPayable(0, 0, 100)).code).toBe('validation_failed');
    expect(() => assertPayable(0, -1, 100)).toThrow(RangeError);
  });
});

describe('the refusals on a proposal and an objection', () => {
  const A = '11111111-1111-4111-8111-111111111111';
  const B = '22222222-2222-4222-8222-222222222222';

  it('needs a call with a total budget', () => {
    expect(() => assertCallHasBudget(100)).not.toThrow();
    expect(caught(() => assertCallHasBudget(null)).code).toBe('invalid_state');
  });

  it('takes applications of the call that passed the formal check, naming each other item', () => {
    const apps = [
      { id: A, status: 'formal_check_passed' },
      { id: B, status: 'submitted' },
    ];
    expect(() => assertProposable([{ applicationId: A }], apps)).not.toThrow();
    const e = caught(() =>
      assertProposable([{ applicationId: A }, { applicationId: B }, { applicationId: 'x' }], apps),
    );
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['items.1.applicationId', 'items.2.applicationId']);
  });

  it("refuses another call's round, and an objection answered twice", () => {
    expect(() => assertRoundOfCall(A, A)).not.toThrow();
    expect(caught(() => assertRoundOfCall(null, A)).fields[0].path).toBe('roundId');
    expect(caught(() => assertRoundOfCall(B, A)).code).toBe('validation_failed');
    expect(() => assertObjectionOpen('open')).not.toThrow();
    expect(caught(() => assertObjectionOpen('maintain')).code).toBe('invalid_state');
  });

  it('names evidence ids that are no file of this notice; descriptions pass', () => {
    const body = { evidence: ['桂科计字〔2026〕18号', ` ${A} `, B] };
    expect(evidenceFileIds(body)).toEqual([A, B]);
    expect(evidenceFileIds({ evidence: 'x' })).toEqual([]);
    expect(() => assertEvidenceUploaded(body, [A, B])).not.toThrow();
    const e = caught(() => assertEvidenceUploaded(body, [A]));
    expect(e.code).toBe('validation_failed');
    expect(e.fields.map((f) => f.path)).toEqual(['evidence.2']);
  });
});
