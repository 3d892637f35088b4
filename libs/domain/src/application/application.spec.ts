import {
  APPLICATION_STATUS_LABELS,
  APPLICATION_STATUSES,
  ApplicationCommand,
  applicationContentSchema,
  ApplicationStatus,
  assertCanEndorse,
  DEFAULT_FIX_WINDOW,
  fixDeadline,
  fixWindowOf,
  assertCanSubmit,
  assertEditable,
  assertSubmittable,
  createApplicationSchema,
  EDITABLE_STATUSES,
  formalCheckDecisionSchema,
  nextStatus,
  patchApplicationSchema,
} from './application';
import { DomainError } from '../kernel/messages';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const submit: ApplicationCommand = { kind: 'submit' };
const lapse: ApplicationCommand = { kind: 'lapse' };
const pass: ApplicationCommand = { kind: 'formal_check', decision: 'pass' };
const giveBack: ApplicationCommand = { kind: 'formal_check', decision: 'return' };
const reject: ApplicationCommand = { kind: 'formal_check', decision: 'reject' };
const toInstitution: ApplicationCommand = { kind: 'submit_to_institution' };
const endorse: ApplicationCommand = { kind: 'endorsement', decision: 'endorse' };
const institutionReturn: ApplicationCommand = { kind: 'endorsement', decision: 'return' };
const withdraw: ApplicationCommand = { kind: 'withdraw' };
const ALL_COMMANDS = [
  submit,
  pass,
  giveBack,
  reject,
  lapse,
  toInstitution,
  endorse,
  institutionReturn,
  withdraw,
];

function describeCommand(cmd: ApplicationCommand): string {
  return cmd.kind === 'formal_check' || cmd.kind === 'endorsement' ? `${cmd.kind}:${cmd.decision}` : cmd.kind;
}

describe('nextStatus', () => {
  const allowed: Array<[ApplicationStatus, ApplicationCommand, ApplicationStatus, string]> = [
    ['draft', submit, 'submitted', 'application.submitted'],
    ['returned', submit, 'submitted', 'application.submitted'],
    ['submitted', pass, 'formal_check_passed', 'application.formal_check_passed'],
    ['submitted', giveBack, 'returned', 'application.returned'],
    ['submitted', reject, 'rejected', 'application.rejected'],
    ['draft', lapse, 'lapsed', 'application.lapsed'],
    ['returned', lapse, 'lapsed', 'application.lapsed'],
    ['draft', toInstitution, 'awaiting_endorsement', 'application.sent_for_endorsement'],
    ['returned', toInstitution, 'awaiting_endorsement', 'application.sent_for_endorsement'],
    ['awaiting_endorsement', endorse, 'submitted', 'application.endorsed'],
    ['awaiting_endorsement', institutionReturn, 'returned', 'application.returned_by_institution'],
    // Not yet with the bureau when the window closes: it lapses.
    ['awaiting_endorsement', lapse, 'lapsed', 'application.lapsed'],
    // The applicant withdraws until the formal-check decision.
    ['draft', withdraw, 'withdrawn', 'application.withdrawn'],
    ['returned', withdraw, 'withdrawn', 'application.withdrawn'],
    ['awaiting_endorsement', withdraw, 'withdrawn', 'application.withdrawn'],
    ['submitted', withdraw, 'withdrawn', 'application.withdrawn'],
  ];

  it.each(allowed.map(([from, cmd, to, event]) => [from, describeCommand(cmd), to, event, cmd] as const))(
    'allows %s --%s--> %s (event %s)',
    (from, _name, to, event, cmd) => {
      expect(nextStatus(from, cmd)).toEqual({ from, to, event });
    },
  );

  const refused = APPLICATION_STATUSES.flatMap((from) =>
    ALL_COMMANDS.filter((cmd) => !allowed.some(([f, c]) => f === from && c === cmd)).map(
      (cmd) => [from, describeCommand(cmd), cmd] as const,
    ),
  );

  it('refuses every combination outside the table', () => {
    expect(refused).toHaveLength(APPLICATION_STATUSES.length * ALL_COMMANDS.length - allowed.length);
  });

  it.each(refused)('refuses %s --%s--> with invalid_state (409)', (from, _name, cmd) => {
    const error = caught(() => nextStatus(from, cmd));

    expect(error.code).toBe('invalid_state');
    expect(error.status).toBe(409);
    expect(error.bilingual.zh).toBe(
      `申报书当前状态为“${APPLICATION_STATUS_LABELS[from].zh}”，不能执行此操作`,
    );
    expect(error.bilingual.en).toBe(
      `The application is ${APPLICATION_STATUS_LABELS[from].en.toLowerCase()}; this action is not allowed now`,
    );
  });

  it('explains a second submission in both languages', () => {
    const error = caught(() => nextStatus('submitted', submit));

    expect(error.bilingual).toEqual({
      zh: '申报书当前状态为“已提交”，不能执行此操作',
      en: 'The application is submitted; this action is not allowed now',
    });
    expect(error.message).toBe('The application is submitted; this action is not allowed now');
  });

  it('refuses a formal check of a draft', () => {
    const error = caught(() => nextStatus('draft', pass));
    expect(error.code).toBe('invalid_state');
    expect(error.bilingual.zh).toContain('草稿');
  });

  it.each(['formal_check_passed', 'rejected', 'lapsed'] as const)(
    'treats %s as final: no command applies',
    (from) => {
      for (const cmd of ALL_COMMANDS) {
        expect(() => nextStatus(from, cmd)).toThrow(DomainError);
        expect(caught(() => nextStatus(from, cmd)).code).toBe('invalid_state');
      }
    },
  );
});

describe('assertCanSubmit', () => {
  const window = { windowStart: '2026-11-01T00:00:00Z', windowEnd: '2026-11-30T10:00:00Z' };
  const start = Date.parse(window.windowStart);
  const end = Date.parse(window.windowEnd);

  it.each(EDITABLE_STATUSES)('submits a %s application inside [windowStart, windowEnd)', (status) => {
    const expected = { from: status, to: 'submitted', event: 'application.submitted' };
    expect(assertCanSubmit(status, window, start)).toEqual(expected);
    expect(assertCanSubmit(status, window, end - 1)).toEqual(expected);
  });

  it.each(EDITABLE_STATUSES)('refuses a %s application before the window with window_not_open', (status) => {
    const error = caught(() => assertCanSubmit(status, window, start - 1));
    expect(error.code).toBe('window_not_open');
    expect(error.bilingual.zh).toContain('2026-11-01 08:00:00');
  });

  it.each(EDITABLE_STATUSES)('refuses a %s application at the deadline with window_closed', (status) => {
    const error = caught(() => assertCanSubmit(status, window, end));
    expect(error.code).toBe('window_closed');
    expect(error.bilingual.zh).toBe('申报已截止，截止时间为 2026-11-30 18:00:00（北京时间）');
  });

  it('tells a late applicant whose application has lapsed about the deadline, not the status', () => {
    const error = caught(() => assertCanSubmit('lapsed', window, end + 60_000));
    expect(error.code).toBe('window_closed');
    expect(error.bilingual.en).toContain('2026-11-30 18:00:00');
  });

  it('refuses a lapsed application inside the window with invalid_state', () => {
    const error = caught(() => assertCanSubmit('lapsed', window, start));
    expect(error.code).toBe('invalid_state');
    expect(error.bilingual.zh).toContain('逾期未提交');
  });

  it.each(['submitted', 'formal_check_passed', 'rejected'] as const)(
    'refuses a %s application with invalid_state, inside or outside the window',
    (status) => {
      for (const now of [start - 1, start, end]) {
        const error = caught(() => assertCanSubmit(status, window, now));
        expect(error.code).toBe('invalid_state');
        expect(error.bilingual.zh).toContain(APPLICATION_STATUS_LABELS[status].zh);
      }
    },
  );
});

describe('assertEditable', () => {
  it('lets the applicant edit a draft or a returned application', () => {
    expect(EDITABLE_STATUSES).toEqual(['draft', 'returned']);
    expect(() => assertEditable('draft')).not.toThrow();
    expect(() => assertEditable('returned')).not.toThrow();
  });

  it.each(['submitted', 'formal_check_passed', 'rejected', 'lapsed'] as const)(
    'refuses to edit a %s application with invalid_state',
    (status) => {
      const error = caught(() => assertEditable(status));

      expect(error.code).toBe('invalid_state');
      expect(error.status).toBe(409);
      expect(error.bilingual.zh).toBe(`申报书当前状态为“${APPLICATION_STATUS_LABELS[status].zh}”，不能修改`);
      expect(error.bilingual.en).toBe(
        `The application is ${APPLICATION_STATUS_LABELS[status].en.toLowerCase()}; it can no longer be edited`,
      );
    },
  );
});

describe('assertSubmittable', () => {
  const cap = 1_000_00; // ¥1,000.00
  const complete = {
    title: '量子通信关键技术研究',
    summary: '研究量子密钥分发的工程化应用方案',
    requestedFen: 50_000,
  };

  it('passes complete content within the cap', () => {
    expect(() => assertSubmittable(complete, cap)).not.toThrow();
  });

  it('passes a request of exactly the cap', () => {
    expect(() => assertSubmittable({ ...complete, requestedFen: cap }, cap)).not.toThrow();
  });

  it('passes a request of 1 fen', () => {
    expect(() => assertSubmittable({ ...complete, requestedFen: 1 }, cap)).not.toThrow();
  });

  it('passes a summary of exactly 10 characters after trimming', () => {
    expect(() => assertSubmittable({ ...complete, summary: '  一二三四五六七八九十  ' }, cap)).not.toThrow();
  });

  it('refuses a summary shorter than 10 characters after trimming', () => {
    const error = caught(() => assertSubmittable({ ...complete, summary: '   一二三四五六七八九   ' }, cap));

    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.bilingual.zh).toBe('申报书内容有误，请按字段提示修改');
    expect(error.fields).toEqual([
      {
        path: 'summary',
        message: { zh: '项目摘要不少于 10 个字', en: 'The summary needs at least 10 characters' },
      },
    ]);
  });

  it('refuses an empty summary', () => {
    const error = caught(() => assertSubmittable({ ...complete, summary: '' }, cap));
    expect(error.fields.map((f) => f.path)).toEqual(['summary']);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('refuses a request of 0 fen, naming the cap in yuan', () => {
    const error = caught(() => assertSubmittable({ ...complete, requestedFen: 0 }, cap));

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      {
        path: 'requestedFen',
        message: {
          zh: '申请经费须大于 0 且不超过本批次上限 ¥1,000.00',
          en: "Requested funding must be above 0 and at most the call's cap of ¥1,000.00",
        },
      },
    ]);
  });

  it('refuses a request one fen above the cap', () => {
    const error = caught(() => assertSubmittable({ ...complete, requestedFen: cap + 1 }, cap));

    expect(error.fields.map((f) => f.path)).toEqual(['requestedFen']);
    expect(error.fields[0].message.zh).toMatch(HAN);
    expect(error.fields[0].message.zh).toContain('¥1,000.00');
  });

  it('reports every missing requirement at once', () => {
    const error = caught(() => assertSubmittable({ title: 'x', summary: 'short', requestedFen: 0 }, cap));

    expect(error.fields.map((f) => f.path)).toEqual(['title', 'summary', 'requestedFen']);
    for (const field of error.fields) expect(field.message.zh).toMatch(HAN);
  });

  it('refuses a negative or fractional request', () => {
    for (const requestedFen of [-5, 10.5]) {
      const error = caught(() => assertSubmittable({ ...complete, requestedFen }, cap));
      expect(error.fields.length).toBeGreaterThan(0);
      expect(new Set(error.fields.map((f) => f.path))).toEqual(new Set(['requestedFen']));
    }
  });
});

describe('applicationContentSchema', () => {
  it('defaults summary and requestedFen for a fresh draft', () => {
    expect(applicationContentSchema.parse({ title: '新申报书' })).toEqual({
      title: '新申报书',
      summary: '',
      requestedFen: 0,
    });
  });

  it('trims title and summary', () => {
    expect(
      applicationContentSchema.parse({ title: '  标题  ', summary: '  摘要  ', requestedFen: 1 }),
    ).toEqual({
      title: '标题',
      summary: '摘要',
      requestedFen: 1,
    });
  });

  it('limits the summary to 5000 characters', () => {
    expect(applicationContentSchema.safeParse({ title: '标题', summary: 'a'.repeat(5000) }).success).toBe(
      true,
    );
    expect(applicationContentSchema.safeParse({ title: '标题', summary: 'a'.repeat(5001) }).success).toBe(
      false,
    );
  });
});

describe('createApplicationSchema', () => {
  it('requires a UUID callId', () => {
    const callId = '3f1c2b9e-8d4a-4c1e-9b7f-2a6d5e4c3b21';
    expect(createApplicationSchema.parse({ callId, title: '标题' })).toEqual({
      callId,
      topicId: null,
      title: '标题',
      summary: '',
      requestedFen: 0,
    });

    const error = caught(() => parseOrThrow(createApplicationSchema, { callId: 'call-1', title: '标题' }));
    expect(error.fields.map((f) => f.path)).toEqual(['callId']);
  });
});

describe('formalCheckDecisionSchema', () => {
  const REASON_MESSAGE = {
    zh: '退回或不予受理时须说明理由（不少于 5 个字）',
    en: 'A return or rejection needs a reason (at least 5 characters)',
  };

  it('accepts pass without a reason', () => {
    expect(parseOrThrow(formalCheckDecisionSchema, { decision: 'pass' })).toEqual({ decision: 'pass' });
  });

  it('accepts pass with an empty reason', () => {
    expect(parseOrThrow(formalCheckDecisionSchema, { decision: 'pass', reason: '  ' })).toEqual({
      decision: 'pass',
      reason: '',
    });
  });

  it.each(['return', 'reject'] as const)(
    'accepts %s with a reason of exactly 5 characters, trimmed',
    (decision) => {
      expect(parseOrThrow(formalCheckDecisionSchema, { decision, reason: '  材料不齐全  ' })).toEqual({
        decision,
        reason: '材料不齐全',
      });
    },
  );

  it.each([
    ['return', undefined],
    ['return', ''],
    ['return', '缺少附件'],
    ['return', '   缺少附件    '],
    ['reject', undefined],
    ['reject', 'abcd'],
    ['reject', '            '],
  ])('refuses %s with reason %p on path "reason"', (decision, reason) => {
    const error = caught(() => parseOrThrow(formalCheckDecisionSchema, { decision, reason }));

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([{ path: 'reason', message: REASON_MESSAGE }]);
  });

  it('refuses an unknown decision on path "decision"', () => {
    const error = caught(() =>
      parseOrThrow(formalCheckDecisionSchema, { decision: 'approve', reason: '理由充分的说明' }),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['decision']);
  });

  it('refuses a reason over 2000 characters', () => {
    const error = caught(() =>
      parseOrThrow(formalCheckDecisionSchema, { decision: 'reject', reason: '理'.repeat(2001) }),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['reason']);
  });
});

describe('patchApplicationSchema', () => {
  it('refuses an empty object with a bilingual message', () => {
    const error = caught(() => parseOrThrow(patchApplicationSchema, {}));

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      { path: '(root)', message: { zh: '至少修改一个字段', en: 'Change at least one field' } },
    ]);
  });

  it('refuses unknown keys because it is strict', () => {
    const error = caught(() =>
      parseOrThrow(patchApplicationSchema, { title: '新标题', status: 'submitted' }),
    );

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('(root)');
    expect(error.fields[0].message.en).toContain('status');
    expect(error.fields[0].message.zh).toContain('status');
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('refuses an object that has only unknown keys', () => {
    expect(patchApplicationSchema.safeParse({ applicantId: 'someone-else' }).success).toBe(false);
  });

  it.each([
    [{ title: '  新标题  ' }, { title: '新标题' }],
    [{ summary: '' }, { summary: '' }],
    [{ requestedFen: 0 }, { requestedFen: 0 }],
    [
      { summary: ' 新摘要 ', requestedFen: 100 },
      { summary: '新摘要', requestedFen: 100 },
    ],
  ])('accepts the partial patch %p', (input, output) => {
    expect(parseOrThrow(patchApplicationSchema, input)).toEqual(output);
  });

  it('validates the fields it is given', () => {
    const error = caught(() => parseOrThrow(patchApplicationSchema, { title: 'x', requestedFen: -1 }));
    expect(error.fields.map((f) => f.path)).toEqual(['title', 'requestedFen']);
  });
});

describe('APPLICATION_STATUS_LABELS', () => {
  it.each(APPLICATION_STATUSES)('has a Chinese and an English label for %s', (status) => {
    expect(APPLICATION_STATUS_LABELS[status].zh).toMatch(HAN);
    expect(APPLICATION_STATUS_LABELS[status].en.length).toBeGreaterThan(0);
  });
});

describe('assertSubmittable keeps the draft limits', () => {
  it('refuses a summary longer than 5000 characters', () => {
    const content = { title: '赤泥综合利用关键技术研究', summary: '赤'.repeat(5001), requestedFen: 1000 };
    try {
      assertSubmittable(content, 10_000);
      throw new Error('expected a refusal');
    } catch (err) {
      expect(err).toBeInstanceOf(DomainError);
      expect((err as DomainError).fields.map((f) => f.path)).toEqual(['summary']);
    }
  });
});

describe('assertCanEndorse', () => {
  const window = { windowStart: '2026-11-01T00:00:00Z', windowEnd: '2026-11-30T10:00:00Z' };
  const before = Date.parse('2026-11-30T09:59:59.999Z');
  const after = Date.parse('2026-11-30T10:00:00Z');

  it('endorses only before the deadline: it applies to the bureau receiving the application', () => {
    expect(assertCanEndorse('awaiting_endorsement', 'endorse', window, before).to).toBe('submitted');
    const late = caught(() => assertCanEndorse('awaiting_endorsement', 'endorse', window, after));
    expect(late.code).toBe('window_closed');
    expect(late.bilingual.zh).toContain('2026-11-30 18:00:00');
  });

  it('returns at any time, and refuses either decision outside awaiting_endorsement', () => {
    expect(assertCanEndorse('awaiting_endorsement', 'return', window, after).to).toBe('returned');
    expect(caught(() => assertCanEndorse('submitted', 'endorse', window, before)).code).toBe('invalid_state');
  });

  it('routes a submission through the institution when the program asks for it', () => {
    expect(assertCanSubmit('draft', window, before, true).to).toBe('awaiting_endorsement');
    expect(assertCanSubmit('draft', window, before).to).toBe('submitted');
  });
});

describe('fixDeadline', () => {
  const windowEnd = '2026-11-30T10:00:00.000Z';
  it('extends past the close by the fix window, counted from the return', () => {
    expect(fixDeadline(windowEnd, Date.parse('2026-12-01T02:00:00Z'), 'P5D')).toBe(
      '2026-12-06T02:00:00.000Z',
    );
  });
  it('never shortens the window: a return long before the close keeps the close', () => {
    expect(fixDeadline(windowEnd, Date.parse('2026-11-01T00:00:00Z'), 'P5D')).toBe(windowEnd);
  });
});

describe('fixWindowOf', () => {
  it("takes the program's fix window, and the city default (P5D) for a call without a program", () => {
    expect(fixWindowOf({ durations: { fixWindow: 'P3D' } })).toBe('P3D');
    expect(fixWindowOf(null)).toBe('P5D');
    expect(DEFAULT_FIX_WINDOW).toBe('P5D');
  });
});

describe('challenge bids need a pledge', () => {
  const content = {
    title: '赤泥综合利用关键技术研究',
    summary: '以赤泥为原料制备新型建材并回收铁精矿。',
    requestedFen: 1000,
  };
  it('refuses a bid without a pledge at path pledge, and accepts one with it', () => {
    const err = caught(() => assertSubmittable(content, 10_000, { pledgeRequired: true }));
    expect(err.fields).toEqual([
      {
        path: 'pledge',
        message: {
          zh: '揭榜须附军令状（目标、里程碑与责任）',
          en: 'A challenge bid needs a performance pledge',
        },
      },
    ]);
    const pledge = {
      goals: '两年内实现赤泥综合利用率达到30%。',
      milestones: [{ title: '完成中试', due: '2027-06-30', indicator: '连续运行30天' }],
      consequences: '未按期完成的停止拨款并记入信用记录。',
    };
    expect(() => assertSubmittable({ ...content, pledge }, 10_000, { pledgeRequired: true })).not.toThrow();
    expect(() => assertSubmittable(content, 10_000)).not.toThrow();
  });
});
