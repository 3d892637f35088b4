import {
  assertCondensable,
  assertMergeTarget,
  assertCanSubmitDemand,
  assertDemandEditable,
  assertDemandInCampaign,
  assertDemandSubmittable,
  createCampaignSchema,
  createDemandSchema,
  DEMAND_EDITABLE,
  DEMAND_STATUS_LABELS,
  DEMAND_STATUSES,
  DemandCommand,
  DemandContent,
  demandContentSchema,
  DemandStatus,
  nextDemandStatus,
  patchDemandSchema,
  screeningDecisionSchema,
} from './demand';
import { COUNTIES, KEY_FIELD_CODES } from '../kernel/reference-data';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const CAMPAIGN_ID = '0b8e7c52-3f0a-4d6b-9c1e-5a2f4e8d7b10';
const OTHER_DEMAND_ID = '7d4f1a2b-6c3e-4b5a-8f9d-0e1c2b3a4d5f';

const validDemand = {
  title: '赤泥综合利用技术需求',
  keyField: 'eco_aluminium',
  county: '平果市',
  problem: '氧化铝生产产生大量赤泥，堆存占地且有环境风险，急需低成本、可规模化的综合利用技术。',
  indicators: [{ name: '赤泥综合利用率', unit: '%', value: 30 }],
  deliverables: ['中试生产线一条'],
  coFunding: { willing: true, amountFen: 200_000_00 },
  urgency: 'high',
  contact: { name: '黄工', phone: '0776-5821234' },
};

/** A content object as the store holds it (parsed, defaults applied). */
function content(overrides: Partial<DemandContent> = {}): DemandContent {
  return { ...demandContentSchema.parse(validDemand), ...overrides };
}

function pathsOf(fn: () => unknown): string[] {
  return caught(fn).fields.map((f) => f.path);
}

const submit: DemandCommand = { kind: 'submit' };
const lapse: DemandCommand = { kind: 'lapse' };
const accept: DemandCommand = { kind: 'screen', decision: 'accept' };
const reject: DemandCommand = { kind: 'screen', decision: 'reject' };
const giveBack: DemandCommand = { kind: 'screen', decision: 'return' };
const merge: DemandCommand = { kind: 'screen', decision: 'merge' };
const ALL_COMMANDS = [submit, accept, reject, giveBack, merge, lapse];

function describeCommand(cmd: DemandCommand): string {
  return cmd.kind === 'screen' ? `screen:${cmd.decision}` : cmd.kind;
}

describe('nextDemandStatus', () => {
  const allowed: Array<[DemandStatus, DemandCommand, DemandStatus, string]> = [
    ['draft', submit, 'submitted', 'demand.submitted'],
    ['returned', submit, 'submitted', 'demand.submitted'],
    ['submitted', accept, 'accepted', 'demand.accepted'],
    ['submitted', reject, 'rejected', 'demand.rejected'],
    ['submitted', giveBack, 'returned', 'demand.returned'],
    ['submitted', merge, 'merged', 'demand.merged'],
    ['draft', lapse, 'lapsed', 'demand.lapsed'],
    ['returned', lapse, 'lapsed', 'demand.lapsed'],
  ];

  it.each(allowed.map(([from, cmd, to, event]) => [from, describeCommand(cmd), to, event, cmd] as const))(
    'allows %s --%s--> %s (event %s)',
    (from, _name, to, event, cmd) => {
      expect(nextDemandStatus(from, cmd)).toEqual({ from, to, event });
    },
  );

  const refused = DEMAND_STATUSES.flatMap((from) =>
    ALL_COMMANDS.filter((cmd) => !allowed.some(([f, c]) => f === from && c === cmd)).map(
      (cmd) => [from, describeCommand(cmd), cmd] as const,
    ),
  );

  it('refuses every combination outside the table', () => {
    expect(refused).toHaveLength(DEMAND_STATUSES.length * ALL_COMMANDS.length - allowed.length);
  });

  it.each(refused)('refuses %s --%s--> with invalid_state (409)', (from, _name, cmd) => {
    const error = caught(() => nextDemandStatus(from, cmd));

    expect(error.code).toBe('invalid_state');
    expect(error.status).toBe(409);
    expect(error.bilingual.zh).toBe(`需求当前状态为“${DEMAND_STATUS_LABELS[from].zh}”，不能执行此操作`);
    expect(error.bilingual.en).toBe(
      `The demand is ${DEMAND_STATUS_LABELS[from].en.toLowerCase()}; this action is not allowed now`,
    );
  });

  it('explains screening a draft in both languages', () => {
    expect(caught(() => nextDemandStatus('draft', accept)).bilingual).toEqual({
      zh: '需求当前状态为“草稿”，不能执行此操作',
      en: 'The demand is draft; this action is not allowed now',
    });
  });

  it('explains re-screening a merged demand in both languages', () => {
    expect(caught(() => nextDemandStatus('merged', reject)).bilingual).toEqual({
      zh: '需求当前状态为“已合并”，不能执行此操作',
      en: 'The demand is merged into another demand; this action is not allowed now',
    });
  });

  it.each(['accepted', 'rejected', 'merged', 'lapsed'] as const)('treats %s as final', (from) => {
    for (const cmd of ALL_COMMANDS) {
      expect(caught(() => nextDemandStatus(from, cmd)).code).toBe('invalid_state');
    }
  });
});

describe('assertDemandEditable', () => {
  it('lets the submitter edit a draft or a returned demand', () => {
    expect(DEMAND_EDITABLE).toEqual(['draft', 'returned']);
    expect(() => assertDemandEditable('draft')).not.toThrow();
    expect(() => assertDemandEditable('returned')).not.toThrow();
  });

  it.each(['submitted', 'accepted', 'rejected', 'merged', 'lapsed'] as const)(
    'refuses to edit a %s demand with invalid_state',
    (status) => {
      const error = caught(() => assertDemandEditable(status));

      expect(error.code).toBe('invalid_state');
      expect(error.bilingual).toEqual({
        zh: `需求当前状态为“${DEMAND_STATUS_LABELS[status].zh}”，不能修改`,
        en: `The demand is ${DEMAND_STATUS_LABELS[status].en.toLowerCase()}; it can no longer be edited`,
      });
    },
  );
});

describe('assertCanSubmitDemand', () => {
  const window = { windowStart: '2026-03-01T00:00:00Z', windowEnd: '2026-03-31T10:00:00Z' };
  const start = Date.parse(window.windowStart);
  const end = Date.parse(window.windowEnd);

  it.each(DEMAND_EDITABLE)('submits a %s demand inside [windowStart, windowEnd)', (status) => {
    const expected = { from: status, to: 'submitted', event: 'demand.submitted' };
    expect(assertCanSubmitDemand(status, window, start)).toEqual(expected);
    expect(assertCanSubmitDemand(status, window, end - 1)).toEqual(expected);
  });

  it.each(DEMAND_EDITABLE)('refuses a %s demand one millisecond early with window_not_open', (status) => {
    const error = caught(() => assertCanSubmitDemand(status, window, start - 1));

    expect(error.code).toBe('window_not_open');
    expect(error.status).toBe(422);
    expect(error.bilingual.zh).toBe('申报尚未开始，开始时间为 2026-03-01 08:00:00（北京时间）');
  });

  it.each(DEMAND_EDITABLE)('refuses a %s demand at exactly windowEnd with window_closed', (status) => {
    const error = caught(() => assertCanSubmitDemand(status, window, end));

    expect(error.code).toBe('window_closed');
    expect(error.bilingual.zh).toBe('申报已截止，截止时间为 2026-03-31 18:00:00（北京时间）');
    expect(error.bilingual.en).toBe('The application window closed at 2026-03-31 18:00:00 (Asia/Shanghai)');
  });

  it('tells a late submitter whose demand has lapsed about the deadline, not the status', () => {
    expect(caught(() => assertCanSubmitDemand('lapsed', window, end + 60_000)).code).toBe('window_closed');
  });

  it('refuses a lapsed demand inside the window with invalid_state', () => {
    const error = caught(() => assertCanSubmitDemand('lapsed', window, start));

    expect(error.code).toBe('invalid_state');
    expect(error.bilingual.zh).toBe('需求当前状态为“逾期未提交”，不能执行此操作');
  });

  it.each(['submitted', 'accepted', 'rejected', 'merged'] as const)(
    'refuses a %s demand by its state, inside or outside the window',
    (status) => {
      for (const now of [start - 1, start, end]) {
        const error = caught(() => assertCanSubmitDemand(status, window, now));
        expect(error.code).toBe('invalid_state');
        expect(error.bilingual.zh).toContain(DEMAND_STATUS_LABELS[status].zh);
      }
    },
  );
});

describe('demandContentSchema', () => {
  it('needs only a title and a key field for a draft, and defaults the rest', () => {
    expect(parseOrThrow(demandContentSchema, { title: '  赤泥利用  ', keyField: 'eco_aluminium' })).toEqual({
      title: '赤泥利用',
      keyField: 'eco_aluminium',
      county: null,
      problem: '',
      indicators: [],
      deliverables: [],
      coFunding: { willing: false, amountFen: 0 },
      urgency: 'medium',
      contact: null,
    });
  });

  it('keeps complete content as given', () => {
    expect(parseOrThrow(demandContentSchema, validDemand)).toEqual(validDemand);
  });

  it('reports a missing title and key field as required', () => {
    expect(caught(() => parseOrThrow(demandContentSchema, {})).fields).toEqual(
      ['title', 'keyField'].map((path) => ({ path, message: { zh: '必填字段', en: 'Required' } })),
    );
  });

  it('needs a title of 4 to 200 characters after trimming', () => {
    expect(pathsOf(() => parseOrThrow(demandContentSchema, { ...validDemand, title: '  赤泥利  ' }))).toEqual(
      ['title'],
    );
    expect(demandContentSchema.safeParse({ ...validDemand, title: '赤'.repeat(200) }).success).toBe(true);
    expect(demandContentSchema.safeParse({ ...validDemand, title: '赤'.repeat(201) }).success).toBe(false);
  });

  it.each(['critical', 'High', ''])('refuses the urgency %p', (urgency) => {
    expect(pathsOf(() => parseOrThrow(demandContentSchema, { ...validDemand, urgency }))).toEqual([
      'urgency',
    ]);
  });

  it('points at the offending part of an indicator', () => {
    const indicators = [validDemand.indicators[0], { name: '能耗', unit: '  ', value: Number.NaN }];
    expect(pathsOf(() => parseOrThrow(demandContentSchema, { ...validDemand, indicators }))).toEqual([
      'indicators.1.unit',
      'indicators.1.value',
    ]);
  });

  it('refuses more than 20 indicators', () => {
    const indicators = Array.from({ length: 21 }, (_, i) => ({ name: `指标${i}`, unit: '%', value: i }));
    expect(pathsOf(() => parseOrThrow(demandContentSchema, { ...validDemand, indicators }))).toEqual([
      'indicators',
    ]);
  });

  it('refuses a contact phone shorter than 5 characters', () => {
    const contact = { name: '黄工', phone: '1234' };
    expect(pathsOf(() => parseOrThrow(demandContentSchema, { ...validDemand, contact }))).toEqual([
      'contact.phone',
    ]);
  });
});

describe('coFunding', () => {
  it('refuses an amount when the submitter is not willing to co-fund, on coFunding.amountFen', () => {
    const error = caught(() =>
      parseOrThrow(demandContentSchema, { ...validDemand, coFunding: { willing: false, amountFen: 1 } }),
    );

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([
      {
        path: 'coFunding.amountFen',
        message: { zh: '不出资时出资金额应为 0', en: 'amountFen must be 0 when not willing to co-fund' },
      },
    ]);
  });

  it.each([
    [false, 0],
    [true, 0],
    [true, 1],
  ])('accepts willing=%p with amountFen %p', (willing, amountFen) => {
    const parsed = parseOrThrow(demandContentSchema, { ...validDemand, coFunding: { willing, amountFen } });
    expect(parsed.coFunding).toEqual({ willing, amountFen });
  });

  it.each([-1, 0.5, '100'])('refuses a co-funding amount of %p', (amountFen) => {
    const paths = pathsOf(() =>
      parseOrThrow(demandContentSchema, { ...validDemand, coFunding: { willing: true, amountFen } }),
    );
    expect(paths).toEqual(['coFunding.amountFen']);
  });

  it('applies to patches too', () => {
    const patch = { coFunding: { willing: false, amountFen: 5 } };
    expect(pathsOf(() => parseOrThrow(patchDemandSchema, patch))).toEqual(['coFunding.amountFen']);
  });
});

describe('createDemandSchema', () => {
  const withCampaign = { ...validDemand, campaignId: CAMPAIGN_ID };

  it('accepts a demand with a campaign id and defaults the content', () => {
    const input = { campaignId: CAMPAIGN_ID, title: '芒果保鲜技术', keyField: 'modern_agriculture_forestry' };
    expect(parseOrThrow(createDemandSchema, input)).toMatchObject({
      campaignId: CAMPAIGN_ID,
      keyField: 'modern_agriculture_forestry',
      county: null,
      urgency: 'medium',
    });
  });

  it('reports a missing key field as required on keyField', () => {
    const error = caught(() =>
      parseOrThrow(createDemandSchema, { campaignId: CAMPAIGN_ID, title: '芒果保鲜技术' }),
    );

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([{ path: 'keyField', message: { zh: '必填字段', en: 'Required' } }]);
  });

  it.each([
    ['an unknown code', 'aerospace'],
    ['the Chinese label instead of the code', '生态铝'],
  ])('refuses %s as key field, with a bilingual message', (_label, keyField) => {
    const error = caught(() => parseOrThrow(createDemandSchema, { ...withCampaign, keyField }));

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('keyField');
    expect(error.fields[0].message.zh).toMatch(HAN);
    expect(error.fields[0].message.zh).not.toBe('必填字段');
  });

  it.each(KEY_FIELD_CODES)('accepts the key field %s', (keyField) => {
    expect(createDemandSchema.safeParse({ ...withCampaign, keyField }).success).toBe(true);
  });

  it.each(COUNTIES)('accepts the county %s', (county) => {
    expect(parseOrThrow(createDemandSchema, { ...withCampaign, county }).county).toBe(county);
  });

  it.each(['百色市', '南宁市', '田阳县', ''])('refuses %p as county', (county) => {
    expect(pathsOf(() => parseOrThrow(createDemandSchema, { ...withCampaign, county }))).toEqual(['county']);
  });

  it('accepts no county (a department-level demand)', () => {
    expect(parseOrThrow(createDemandSchema, { ...withCampaign, county: null }).county).toBeNull();
  });

  it.each([undefined, 'campaign-1', ''])('refuses the campaign id %p', (campaignId) => {
    expect(pathsOf(() => parseOrThrow(createDemandSchema, { ...validDemand, campaignId }))).toEqual([
      'campaignId',
    ]);
  });
});

describe('patchDemandSchema', () => {
  it('refuses an empty patch with a bilingual message', () => {
    expect(caught(() => parseOrThrow(patchDemandSchema, {})).fields).toEqual([
      { path: '(root)', message: { zh: '至少修改一个字段', en: 'Change at least one field' } },
    ]);
  });

  it('refuses unknown keys because it is strict', () => {
    const error = caught(() =>
      parseOrThrow(patchDemandSchema, { title: '新的需求标题', status: 'accepted' }),
    );

    expect(error.fields).toHaveLength(1);
    expect(error.fields[0].path).toBe('(root)');
    expect(error.fields[0].message.en).toContain('status');
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('refuses a campaign change (campaignId is not patchable)', () => {
    expect(patchDemandSchema.safeParse({ campaignId: CAMPAIGN_ID }).success).toBe(false);
  });

  it('returns only the fields given, without filling in defaults', () => {
    expect(parseOrThrow(patchDemandSchema, { title: '  新的需求标题  ' })).toEqual({ title: '新的需求标题' });
  });

  it.each([[{ county: null }], [{ problem: '' }], [{ indicators: [] }], [{ contact: null }]])(
    'accepts the patch %p',
    (patch) => {
      expect(parseOrThrow(patchDemandSchema, patch)).toEqual(patch);
    },
  );

  it('validates the fields it is given', () => {
    const patch = { title: 'x', county: '南宁市', urgency: 'now' };
    expect(pathsOf(() => parseOrThrow(patchDemandSchema, patch))).toEqual(['title', 'county', 'urgency']);
  });
});

describe('assertDemandSubmittable', () => {
  const REQUIRED = { zh: '提交前必须填写', en: 'Required before submission' };

  it('passes complete content', () => {
    expect(() => assertDemandSubmittable(content())).not.toThrow();
  });

  it('passes a problem statement of exactly 20 characters after trimming', () => {
    expect(() => assertDemandSubmittable(content({ problem: `  ${'赤'.repeat(20)}  ` }))).not.toThrow();
  });

  it('refuses a problem statement of 19 characters padded with spaces', () => {
    const error = caught(() => assertDemandSubmittable(content({ problem: `   ${'赤'.repeat(19)}   ` })));

    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.bilingual.zh).toBe('需求内容有误，请按字段提示修改');
    expect(error.fields).toEqual([
      {
        path: 'problem',
        message: { zh: '问题描述不少于 20 个字', en: 'The problem statement needs at least 20 characters' },
      },
    ]);
  });

  it('refuses a demand without a county', () => {
    expect(caught(() => assertDemandSubmittable(content({ county: null }))).fields).toEqual([
      { path: 'county', message: REQUIRED },
    ]);
  });

  it('refuses a demand without an indicator', () => {
    expect(caught(() => assertDemandSubmittable(content({ indicators: [] }))).fields).toEqual([
      {
        path: 'indicators',
        message: { zh: '至少填写一项目标指标', en: 'Give at least one target indicator' },
      },
    ]);
  });

  it('refuses a demand without a contact', () => {
    expect(caught(() => assertDemandSubmittable(content({ contact: null }))).fields).toEqual([
      { path: 'contact', message: REQUIRED },
    ]);
  });

  it('reports everything missing from a fresh draft at once, each at its path', () => {
    const draft = demandContentSchema.parse({ title: '赤泥利用', keyField: 'eco_aluminium' });
    const error = caught(() => assertDemandSubmittable(draft));

    expect(error.fields.map((f) => f.path)).toEqual(['county', 'problem', 'indicators', 'contact']);
    for (const field of error.fields) expect(field.message.zh).toMatch(HAN);
  });

  it('keeps the co-funding rule at submission', () => {
    const inconsistent = content({ coFunding: { willing: false, amountFen: 100 } });
    expect(pathsOf(() => assertDemandSubmittable(inconsistent))).toEqual(['coFunding.amountFen']);
  });
});

describe('screeningDecisionSchema', () => {
  const REASON_MESSAGE = {
    zh: '未采纳或退回时须说明理由（不少于 5 个字）',
    en: 'A rejection or return needs a reason (at least 5 characters)',
  };

  it('accepts an accept without a reason', () => {
    expect(parseOrThrow(screeningDecisionSchema, { decision: 'accept' })).toEqual({ decision: 'accept' });
  });

  it.each(['reject', 'return'] as const)(
    'accepts %s with a reason of exactly 5 characters, trimmed',
    (decision) => {
      expect(parseOrThrow(screeningDecisionSchema, { decision, reason: '  与往年重复  ' })).toEqual({
        decision,
        reason: '与往年重复',
      });
    },
  );

  it.each([
    ['reject', undefined],
    ['reject', '重复'],
    ['return', ''],
    ['return', '  补充指标  '],
    ['return', '          '],
  ])('refuses %s with reason %p on path "reason"', (decision, reason) => {
    const error = caught(() => parseOrThrow(screeningDecisionSchema, { decision, reason }));

    expect(error.code).toBe('validation_failed');
    expect(error.fields).toEqual([{ path: 'reason', message: REASON_MESSAGE }]);
  });

  it('accepts a merge into another demand, without a reason', () => {
    const input = { decision: 'merge', mergeIntoId: OTHER_DEMAND_ID };
    expect(parseOrThrow(screeningDecisionSchema, input)).toEqual(input);
  });

  it('refuses a merge without the demand to merge into', () => {
    const input = { decision: 'merge', reason: '与另一需求重复' };
    expect(caught(() => parseOrThrow(screeningDecisionSchema, input)).fields).toEqual([
      {
        path: 'mergeIntoId',
        message: { zh: '合并时须指定目标需求', en: 'A merge needs the demand to merge into' },
      },
    ]);
  });

  it('refuses a merge into something that is not a UUID', () => {
    const input = { decision: 'merge', mergeIntoId: 'demand-7' };
    expect(pathsOf(() => parseOrThrow(screeningDecisionSchema, input))).toEqual(['mergeIntoId']);
  });

  it('refuses an unknown decision', () => {
    const input = { decision: 'approve', reason: '理由充分的说明' };
    expect(pathsOf(() => parseOrThrow(screeningDecisionSchema, input))).toEqual(['decision']);
  });

  it('refuses a reason over 2000 characters', () => {
    const input = { decision: 'reject', reason: '理'.repeat(2001) };
    expect(pathsOf(() => parseOrThrow(screeningDecisionSchema, input))).toEqual(['reason']);
  });
});

describe('createCampaignSchema', () => {
  const validCampaign = {
    title: '2026 年度百色市科技需求征集',
    windowStart: '2026-03-01T00:00:00+08:00',
    windowEnd: '2026-03-31T18:00:00+08:00',
    keyFields: ['eco_aluminium', 'new_materials'],
  };
  const ORDER_MESSAGE = { zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' };

  it('accepts a campaign and defaults counties and instructions', () => {
    expect(parseOrThrow(createCampaignSchema, validCampaign)).toEqual({
      ...validCampaign,
      counties: [],
      instructions: '',
    });
  });

  it('keeps the counties it names', () => {
    const counties = ['右江区', '田阳区'];
    expect(parseOrThrow(createCampaignSchema, { ...validCampaign, counties }).counties).toEqual(counties);
  });

  it('refuses a windowEnd equal to windowStart, on windowEnd', () => {
    const input = { ...validCampaign, windowEnd: validCampaign.windowStart };
    expect(caught(() => parseOrThrow(createCampaignSchema, input)).fields).toEqual([
      { path: 'windowEnd', message: ORDER_MESSAGE },
    ]);
  });

  it('compares instants, not text, across offsets', () => {
    // 2026-03-01T00:00:00+08:00 is 2026-02-28T16:00:00Z.
    const equal = { ...validCampaign, windowEnd: '2026-02-28T16:00:00Z' };
    expect(caught(() => parseOrThrow(createCampaignSchema, equal)).fields).toEqual([
      { path: 'windowEnd', message: ORDER_MESSAGE },
    ]);
    const later = { ...validCampaign, windowEnd: '2026-02-28T16:00:01Z' };
    expect(createCampaignSchema.safeParse(later).success).toBe(true);
  });

  it('refuses a windowEnd before windowStart', () => {
    const input = {
      ...validCampaign,
      windowStart: validCampaign.windowEnd,
      windowEnd: validCampaign.windowStart,
    };
    expect(pathsOf(() => parseOrThrow(createCampaignSchema, input))).toEqual(['windowEnd']);
  });

  it.each([
    ['windowEnd', 'end of March'],
    ['windowEnd', '2026-03-31'],
    ['windowEnd', '2026-02-30T00:00:00Z'],
    ['windowStart', '2026-03-01T00:00:00'],
    ['windowStart', 'tomorrow'],
  ])('reports a malformed %s once, without an ordering error', (field, value) => {
    const error = caught(() => parseOrThrow(createCampaignSchema, { ...validCampaign, [field]: value }));

    expect(error.fields.map((f) => f.path)).toEqual([field]);
    expect(error.fields[0].message).not.toEqual(ORDER_MESSAGE);
  });

  it('needs at least one key field', () => {
    expect(pathsOf(() => parseOrThrow(createCampaignSchema, { ...validCampaign, keyFields: [] }))).toEqual([
      'keyFields',
    ]);
    const withoutKeyFields = { ...validCampaign, keyFields: undefined };
    expect(caught(() => parseOrThrow(createCampaignSchema, withoutKeyFields)).fields).toEqual([
      { path: 'keyFields', message: { zh: '必填字段', en: 'Required' } },
    ]);
  });

  it('accepts all 10 key fields', () => {
    expect(createCampaignSchema.safeParse({ ...validCampaign, keyFields: KEY_FIELD_CODES }).success).toBe(
      true,
    );
  });

  it('points at an invalid key field code by index', () => {
    const keyFields = ['eco_aluminium', 'aerospace'];
    expect(pathsOf(() => parseOrThrow(createCampaignSchema, { ...validCampaign, keyFields }))).toEqual([
      'keyFields.1',
    ]);
  });

  it('points at a county outside Baise by index', () => {
    const counties = ['右江区', '南宁市'];
    expect(pathsOf(() => parseOrThrow(createCampaignSchema, { ...validCampaign, counties }))).toEqual([
      'counties.1',
    ]);
  });

  it('needs a title of at least 2 characters after trimming', () => {
    expect(pathsOf(() => parseOrThrow(createCampaignSchema, { ...validCampaign, title: ' 征 ' }))).toEqual([
      'title',
    ]);
  });
});

describe('assertDemandInCampaign', () => {
  const KEY_FIELD_MESSAGE = {
    zh: '该领域不在本次征集范围内',
    en: 'This key field is not part of the campaign',
  };
  const COUNTY_MESSAGE = {
    zh: '该县（市、区）不在本次征集范围内',
    en: 'This county is not part of the campaign',
  };
  const campaign = { keyFields: ['eco_aluminium', 'new_materials'], counties: ['平果市', '田东县'] };
  const anyCounty = { ...campaign, counties: [] };

  it('passes a demand in one of the campaign key fields and counties', () => {
    expect(() =>
      assertDemandInCampaign({ keyField: 'new_materials', county: '田东县' }, campaign),
    ).not.toThrow();
  });

  it('refuses a key field outside the campaign, on keyField', () => {
    const error = caught(() => assertDemandInCampaign({ keyField: 'biopharma', county: '平果市' }, campaign));

    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.bilingual).toEqual({
      zh: '需求不在征集范围内',
      en: 'The demand is outside the campaign scope',
    });
    expect(error.fields).toEqual([{ path: 'keyField', message: KEY_FIELD_MESSAGE }]);
  });

  it('refuses a county outside a campaign that names counties, on county', () => {
    const error = caught(() =>
      assertDemandInCampaign({ keyField: 'eco_aluminium', county: '右江区' }, campaign),
    );
    expect(error.fields).toEqual([{ path: 'county', message: COUNTY_MESSAGE }]);
  });

  it('reports both at once', () => {
    const outside = { keyField: 'biopharma', county: '右江区' };
    expect(pathsOf(() => assertDemandInCampaign(outside, campaign))).toEqual(['keyField', 'county']);
  });

  it('accepts a demand without a county in a campaign that names counties', () => {
    expect(() => assertDemandInCampaign({ keyField: 'eco_aluminium', county: null }, campaign)).not.toThrow();
  });

  it.each(COUNTIES)('accepts %s when the campaign names no county', (county) => {
    expect(() => assertDemandInCampaign({ keyField: 'eco_aluminium', county }, anyCounty)).not.toThrow();
  });

  it('still checks the key field when the campaign names no county', () => {
    const outside = { keyField: 'biopharma', county: '右江区' };
    expect(pathsOf(() => assertDemandInCampaign(outside, anyCounty))).toEqual(['keyField']);
  });
});

describe('assertCondensable / assertMergeTarget', () => {
  const accepted = { id: 'a', title: '铝灰渣资源化', status: 'accepted', campaignId: 'c' };
  const submitted = { id: 'b', title: '芒果保鲜', status: 'submitted', campaignId: 'c' };

  it('condenses accepted demands only, naming each other one at its index', () => {
    expect(() => assertCondensable(['a'], [accepted])).not.toThrow();
    const err = caughtError(() => assertCondensable(['a', 'b', 'x'], [accepted, submitted]));
    expect(err.code).toBe('validation_failed');
    expect(err.fields.map((f) => [f.path, f.message.zh])).toEqual([
      ['demandIds.1', '需求“芒果保鲜”尚未采纳'],
      ['demandIds.2', '需求不存在'],
    ]);
  });

  it('merges into a submitted or accepted demand of the same campaign, not into itself', () => {
    expect(() => assertMergeTarget(submitted, accepted)).not.toThrow();
    for (const target of [
      null,
      { ...accepted, campaignId: 'other' },
      submitted,
      { ...accepted, status: 'rejected' },
    ]) {
      expect(caughtError(() => assertMergeTarget(submitted, target)).fields[0].path).toBe('mergeIntoId');
    }
  });
});

function caughtError(fn: () => unknown) {
  try {
    fn();
  } catch (err) {
    return err as { code: string; fields: Array<{ path: string; message: { zh: string } }> };
  }
  throw new Error('expected a refusal');
}
