import { caught, HAN } from '../kernel/spec-helpers';
import { createTopicSchema, TOPIC_KINDS } from './topic';
import { parseOrThrow } from '../kernel/validation';

const DEMAND_A = '5e6f7a8b-1c2d-4e3f-9a0b-1c2d3e4f5a6b';
const DEMAND_B = '6f7a8b9c-2d3e-4f5a-8b1c-2d3e4f5a6b7c';
const ISSUER = '3a4b5c6d-7e8f-4a9b-8c0d-1e2f3a4b5c6d';

const validTopic = {
  kind: 'topic',
  title: '赤泥综合利用关键技术',
  keyField: 'eco_aluminium',
  problem: '赤泥堆存量大，亟需规模化综合利用技术。',
  fundingFen: 300_000_00,
  demandIds: [DEMAND_A],
};

const indicator = { name: '赤泥综合利用率', unit: '%', target: 30, assessedBy: '第三方检测机构' };

const validChallenge = {
  ...validTopic,
  kind: 'challenge',
  indicators: [indicator],
  deadline: '2028-12-31',
  issuerInstitutionId: ISSUER,
  issuerCoFundingFen: 100_000_00,
};

const CHALLENGE_MESSAGES = {
  indicators: { zh: '榜单须有可考核的硬指标', en: 'A challenge needs at least one hard indicator' },
  deadline: { zh: '榜单须有完成期限', en: 'A challenge needs a deadline' },
  issuerInstitutionId: { zh: '榜单须有发榜单位', en: 'A challenge needs an issuer organisation' },
};

function pathsOf(input: unknown): string[] {
  return caught(() => parseOrThrow(createTopicSchema, input)).fields.map((f) => f.path);
}

describe('createTopicSchema: topics', () => {
  it('accepts a topic without indicators, deadline or issuer, and defaults them', () => {
    expect(parseOrThrow(createTopicSchema, validTopic)).toEqual({
      ...validTopic,
      indicators: [],
      deadline: null,
      issuerInstitutionId: null,
      issuerCoFundingFen: 0,
    });
  });

  it('keeps indicators a topic chooses to give, defaulting assessedBy', () => {
    const { assessedBy: _omitted, ...withoutAssessor } = indicator;
    const parsed = parseOrThrow(createTopicSchema, { ...validTopic, indicators: [withoutAssessor] });
    expect(parsed.indicators).toEqual([{ ...withoutAssessor, assessedBy: '' }]);
  });

  it('trims title and problem', () => {
    const parsed = parseOrThrow(createTopicSchema, {
      ...validTopic,
      title: '  赤泥综合利用  ',
      problem: `  ${validTopic.problem}  `,
    });
    expect([parsed.title, parsed.problem]).toEqual(['赤泥综合利用', validTopic.problem]);
  });

  it.each([
    ['a 3-character title', { title: '赤泥利' }],
    ['a 9-character problem', { problem: '一二三四五六七八九' }],
    ['an unknown key field', { keyField: 'aerospace' }],
    ['an unknown kind', { kind: 'project' }],
  ])('refuses %s', (_label, change) => {
    expect(pathsOf({ ...validTopic, ...change })).toEqual(Object.keys(change));
  });

  it('accepts a problem of exactly 10 characters', () => {
    expect(createTopicSchema.safeParse({ ...validTopic, problem: '一二三四五六七八九十' }).success).toBe(
      true,
    );
  });

  it.each(TOPIC_KINDS)('accepts the kind %s when complete', (kind) => {
    expect(createTopicSchema.safeParse({ ...validChallenge, kind }).success).toBe(true);
  });
});

describe('createTopicSchema: challenges', () => {
  it('accepts a complete challenge', () => {
    expect(parseOrThrow(createTopicSchema, validChallenge)).toEqual(validChallenge);
  });

  it('reports a missing indicator, deadline and issuer all at once, each at its path', () => {
    const error = caught(() => parseOrThrow(createTopicSchema, { ...validTopic, kind: 'challenge' }, '榜单'));

    expect(error.code).toBe('validation_failed');
    expect(error.bilingual.zh).toBe('榜单内容有误，请按字段提示修改');
    expect(error.fields).toEqual([
      { path: 'indicators', message: CHALLENGE_MESSAGES.indicators },
      { path: 'deadline', message: CHALLENGE_MESSAGES.deadline },
      { path: 'issuerInstitutionId', message: CHALLENGE_MESSAGES.issuerInstitutionId },
    ]);
  });

  it.each([
    ['indicators', { indicators: [] }],
    ['deadline', { deadline: null }],
    ['issuerInstitutionId', { issuerInstitutionId: null }],
  ] as const)('reports only %s when only it is missing', (path, change) => {
    const error = caught(() => parseOrThrow(createTopicSchema, { ...validChallenge, ...change }));
    expect(error.fields).toEqual([{ path, message: CHALLENGE_MESSAGES[path] }]);
  });

  it.each([
    ['a datetime', '2028-12-31T00:00:00Z'],
    ['an impossible date', '2028-02-30'],
    ['a slashed date', '2028/12/31'],
  ])('refuses a deadline given as %s', (_label, deadline) => {
    expect(pathsOf({ ...validChallenge, deadline })).toEqual(['deadline']);
  });

  it('refuses an issuer that is not a UUID', () => {
    expect(pathsOf({ ...validChallenge, issuerInstitutionId: 'institution-9' })).toEqual([
      'issuerInstitutionId',
    ]);
  });

  it('points at the offending part of a hard indicator', () => {
    const indicators = [indicator, { name: '', unit: '%', target: Infinity }];
    expect(pathsOf({ ...validChallenge, indicators })).toEqual(['indicators.1.name', 'indicators.1.target']);
  });

  it('refuses more than 20 indicators', () => {
    expect(pathsOf({ ...validChallenge, indicators: Array.from({ length: 21 }, () => indicator) })).toEqual([
      'indicators',
    ]);
  });
});

describe('createTopicSchema: traceability and money', () => {
  it('needs at least one source demand', () => {
    expect(pathsOf({ ...validTopic, demandIds: [] })).toEqual(['demandIds']);
    expect(
      caught(() => parseOrThrow(createTopicSchema, { ...validTopic, demandIds: undefined })).fields,
    ).toEqual([{ path: 'demandIds', message: { zh: '必填字段', en: 'Required' } }]);
  });

  it('keeps several source demands in order', () => {
    expect(
      parseOrThrow(createTopicSchema, { ...validTopic, demandIds: [DEMAND_B, DEMAND_A] }).demandIds,
    ).toEqual([DEMAND_B, DEMAND_A]);
  });

  it('points at a source demand id that is not a UUID', () => {
    expect(pathsOf({ ...validTopic, demandIds: [DEMAND_A, 'demand-2'] })).toEqual(['demandIds.1']);
  });

  it('refuses more than 50 source demands', () => {
    expect(pathsOf({ ...validTopic, demandIds: Array.from({ length: 51 }, () => DEMAND_A) })).toEqual([
      'demandIds',
    ]);
  });

  it('accepts zero public funding (an issuer-funded challenge)', () => {
    expect(createTopicSchema.safeParse({ ...validChallenge, fundingFen: 0 }).success).toBe(true);
  });

  it.each([
    ['a fraction of a fen', 100.5],
    ['negative', -1],
    ['a string', '30000000'],
  ])('refuses a fundingFen that is %s', (_label, fundingFen) => {
    const error = caught(() => parseOrThrow(createTopicSchema, { ...validTopic, fundingFen }));

    expect(error.fields.map((f) => f.path)).toEqual(['fundingFen']);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });

  it('refuses a fractional issuer co-funding', () => {
    expect(pathsOf({ ...validChallenge, issuerCoFundingFen: 0.5 })).toEqual(['issuerCoFundingFen']);
  });
});
