import { MODES, Mode } from './call';
import {
  assertMaySaveTemplate,
  awardOptionsOf,
  COMMON_STAGES,
  CREDIT_LEVEL_LABELS,
  CREDIT_LEVELS,
  DURATION_KEYS,
  hasStage,
  IMPLEMENTATION_PLAN_DOCUMENT,
  meetsCreditLevel,
  MODE_STAGES,
  programTemplateSchema,
  RELEASE_EVENT_LABELS,
  RELEASE_EVENTS,
  REGION_LABELS,
  REGIONS,
  requiredStages,
  STAGE_LABELS,
  STAGES,
  validateTemplate,
} from './program-template';
import { startsDuringWindow } from './call';
import { caught, HAN } from '../kernel/spec-helpers';

/** A valid open_competition template; every call returns a fresh copy to mutate. */
function base(): any {
  return {
    code: 'key-rd-2026',
    name: { zh: '重点研发计划', en: 'Key R&D Program' },
    mode: 'open_competition',
    source: { file: '002_dfb2497add13960a.txt', line: 43 },
    stages: [
      'guide',
      'application',
      'formal_check',
      'expert_review',
      'award',
      'public_notice',
      'agreement',
      'execution',
      'acceptance',
    ],
    durations: {
      applicationWindow: 'P30D',
      fixWindow: 'P5D',
      reviewWindow: 'P14D',
      signingDeadline: 'P30D',
      reportCadence: 'P6M',
      executionLength: 'P2Y',
    },
    rubric: {
      criteria: [
        { key: 'innovation', name: { zh: '创新性', en: 'Novelty' }, weight: 40, commentRequired: true },
        { key: 'feasibility', name: { zh: '可行性', en: 'Feasibility' }, weight: 35 },
        { key: 'team', name: { zh: '团队', en: 'Team' }, weight: 25 },
      ],
      scale: { min: 0, max: 100 },
      blind: true,
    },
    panel: {},
    eligibility: {
      concurrentProjectLimit: 1,
      minCreditLevel: 'good',
      region: 'city',
      budgetCapFen: 50_000_000,
      requiredDocuments: [
        { code: 'application_form', name: { zh: '申报书', en: 'Application form' } },
        { code: 'integrity_pledge', name: { zh: '科研诚信承诺书', en: 'Integrity pledge' } },
      ],
      coFunding: null,
    },
    funding: {
      installments: [
        { sharePercent: 70, releasedBy: 'signing' },
        { sharePercent: 30, releasedBy: 'acceptance' },
      ],
    },
  };
}

/** A valid template of each mode. */
function forMode(mode: Mode): any {
  const t = base();
  t.mode = mode;
  if (mode === 'challenge') {
    t.stages.splice(t.stages.indexOf('expert_review') + 1, 0, 'defense');
    t.panel = { issuerRepresentative: true };
    t.funding.installments = [
      { sharePercent: 40, releasedBy: 'signing' },
      { sharePercent: 20, releasedBy: 'milestone' },
      { sharePercent: 20, releasedBy: 'milestone' },
      { sharePercent: 20, releasedBy: 'acceptance' },
    ];
  }
  if (mode === 'directed') {
    t.stages = t.stages.filter((s: string) => s !== 'guide');
    t.eligibility.requiredDocuments.push({
      code: IMPLEMENTATION_PLAN_DOCUMENT,
      name: { zh: '实施方案', en: 'Implementation plan' },
    });
  }
  if (mode === 'horse_race') {
    t.stages.splice(t.stages.indexOf('execution') + 1, 0, 'midterm_check');
    t.durations.midtermPoint = 'P1Y';
    t.funding.installments = [
      { sharePercent: 40, releasedBy: 'signing' },
      { sharePercent: 40, releasedBy: 'midterm_check' },
      { sharePercent: 20, releasedBy: 'acceptance' },
    ];
    t.horseRace = { scoreGapPercent: 5 };
  }
  return t;
}

function fieldsOf(input: unknown) {
  return caught(() => validateTemplate(input)).fields;
}

function pathsOf(input: unknown): string[] {
  return fieldsOf(input).map((f) => f.path);
}

/** The single message at `path`; fails if there is none or several. */
function messageAt(input: unknown, path: string) {
  const at = fieldsOf(input).filter((f) => f.path === path);
  expect(at).toHaveLength(1);
  return at[0].message;
}

describe('programTemplateSchema: valid templates', () => {
  it.each(MODES)('accepts a well-formed %s template', (mode) => {
    expect(() => validateTemplate(forMode(mode))).not.toThrow();
  });

  it('applies the defaults (notice period, panel, comments, horse race)', () => {
    const t = validateTemplate(base());
    expect(t.durations.noticePeriodWorkingDays).toBe(5);
    expect(t.panel).toEqual({
      size: 5,
      financeExpert: true,
      issuerRepresentative: false,
      maxPerOrganisation: 1,
    });
    expect(t.rubric.criteria.map((c) => c.commentRequired)).toEqual([true, false, false]);
    expect(validateTemplate(forMode('horse_race')).horseRace).toEqual({ teams: 2, scoreGapPercent: 5 });
  });

  it('keeps what was given and drops nothing', () => {
    const input = base();
    input.durations.noticePeriodWorkingDays = 7;
    input.panel = { size: 7, financeExpert: false, issuerRepresentative: true, maxPerOrganisation: 2 };
    input.eligibility.coFunding = { selfFen: 1, publicFen: 1 };
    input.source.note = '以公开竞争方式安排';
    const t = validateTemplate(input);
    expect(t.durations.noticePeriodWorkingDays).toBe(7);
    expect(t.panel).toEqual(input.panel);
    expect(t.eligibility.coFunding).toEqual({ selfFen: 1, publicFen: 1 });
    expect(t.source).toEqual({ file: '002_dfb2497add13960a.txt', line: 43, note: '以公开竞争方式安排' });
  });

  it('accepts every stage in canonical order for an open competition', () => {
    const t = base();
    t.stages = [...STAGES];
    t.durations.midtermPoint = 'P1Y';
    expect(validateTemplate(t).stages).toEqual(STAGES);
  });

  it('hasStage answers from the template', () => {
    const t = validateTemplate(base());
    expect(hasStage(t, 'guide')).toBe(true);
    expect(hasStage(t, 'midterm_check')).toBe(false);
  });
});

describe('validateTemplate errors', () => {
  it('throws a 400 validation_failed DomainError naming the template in Chinese', () => {
    const error = caught(() => validateTemplate({ ...base(), code: 'Bad Code' }));
    expect(error.code).toBe('validation_failed');
    expect(error.status).toBe(400);
    expect(error.bilingual.zh).toBe('计划模板内容有误，请按字段提示修改');
  });

  it.each([null, 'template', 42, []])('refuses the non-object %p at the root', (input) => {
    expect(pathsOf(input)).toEqual(['(root)']);
  });

  it('reports a missing section as required', () => {
    const t = base();
    delete t.rubric;
    expect(fieldsOf(t)).toEqual([{ path: 'rubric', message: { zh: '必填字段', en: 'Required' } }]);
  });

  it('refuses unknown keys (a typo is not silently ignored)', () => {
    const t = base();
    t.durations.noticePeriodWorkingDay = 5;
    expect(pathsOf(t)).toEqual(['durations']);
  });
});

describe('code, name and source', () => {
  it.each(['key-rd', 'a1', 'kjtpy-2026-q1'])('accepts the code %s', (code) => {
    expect(programTemplateSchema.safeParse({ ...base(), code }).success).toBe(true);
  });

  it.each(['Key-RD', 'key_rd', '-key', 'key-', 'key--rd', '1key', 'key rd', '', 'a'.repeat(65)])(
    'refuses the code %p',
    (code) => {
      const fields = fieldsOf({ ...base(), code });
      expect(fields.map((f) => f.path)).toContain('code');
      expect(fields.every((f) => f.path === 'code')).toBe(true);
    },
  );

  it('refuses an empty Chinese name', () => {
    expect(pathsOf({ ...base(), name: { zh: '  ', en: 'Key R&D' } })).toEqual(['name.zh']);
  });

  it.each([
    ['a path instead of a file name', { file: '../seeds/002.txt', line: 1 }, 'source.file'],
    ['a non-text file', { file: '002.pdf', line: 1 }, 'source.file'],
    ['line 0', { file: '002_dfb2497add13960a.txt', line: 0 }, 'source.line'],
    ['a fractional line', { file: '002_dfb2497add13960a.txt', line: 1.5 }, 'source.line'],
  ])('refuses a source with %s', (_label, source, path) => {
    expect(pathsOf({ ...base(), source })).toEqual([path]);
  });

  it('gives the source file message in both languages', () => {
    const message = messageAt({ ...base(), source: { file: 'x.pdf', line: 1 } }, 'source.file');
    expect(message.zh).toMatch(HAN);
    expect(message.en).toMatch(/source file name/);
  });
});

describe('stages', () => {
  it('refuses an unknown stage at its index', () => {
    const t = base();
    t.stages.splice(2, 0, 'lottery');
    expect(pathsOf(t)).toEqual(['stages.2']);
  });

  it('refuses a duplicate stage at its second occurrence', () => {
    const t = base();
    t.stages.splice(2, 0, 'application');
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual(['stages.2']);
    expect(fields[0].message).toEqual({
      zh: '阶段“项目申报”重复出现',
      en: 'Stage application appears more than once',
    });
  });

  it('refuses a stage out of canonical order, at the misplaced stage', () => {
    const t = base();
    t.stages = [
      'guide',
      'application',
      'formal_check',
      'expert_review',
      'public_notice',
      'award',
      'agreement',
      'execution',
      'acceptance',
    ];
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual(['stages.5']);
    expect(fields[0].message).toEqual({
      zh: '阶段“立项”应排在“公示”之前（按规定顺序）',
      en: 'Stage award must come before public_notice (stages follow the canonical order)',
    });
  });

  it('reports each misplaced stage once when the list is reversed', () => {
    const t = base();
    t.stages = [...t.stages].reverse();
    expect(pathsOf(t)).toEqual([
      'stages.1',
      'stages.2',
      'stages.3',
      'stages.4',
      'stages.5',
      'stages.6',
      'stages.7',
      'stages.8',
    ]);
  });

  it('refuses an empty stage list, naming what every program needs', () => {
    const t = base();
    t.stages = [];
    const message = messageAt(t, 'stages');
    expect(message.en).toBe(
      'A open_competition program must include the stages: guide, application, formal_check, expert_review, award, public_notice, agreement, execution, acceptance',
    );
    expect(message.zh).toContain('“公开竞争”方式的计划必须包含阶段：');
  });

  it('names the common stages when the mode itself is invalid', () => {
    const t = base();
    t.mode = 'lottery';
    t.stages = ['guide'];
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual(['mode', 'stages']);
    expect(fields[1].message.en).toBe(
      'Every program must include the stages: expert_review, award, agreement, execution, acceptance',
    );
  });

  const requiredCases = MODES.flatMap((mode) => requiredStages(mode).map((stage) => [mode, stage] as const));
  it.each(requiredCases)('a %s template without %s is refused at stages', (mode, stage) => {
    const t = forMode(mode);
    t.stages = t.stages.filter((s: string) => s !== stage);
    const fields = fieldsOf(t).filter((f) => f.path === 'stages');
    expect(fields).toHaveLength(1);
    expect(fields[0].message.en).toContain(stage);
  });

  it('requires the canonical chain per mode (RULES §12)', () => {
    expect(requiredStages('open_competition')).toEqual([
      'guide',
      'application',
      'formal_check',
      'expert_review',
      'award',
      'public_notice',
      'agreement',
      'execution',
      'acceptance',
    ]);
    expect(requiredStages('challenge')).toContain('defense');
    expect(requiredStages('horse_race')).toContain('midterm_check');
    expect(requiredStages('directed')).toEqual([
      'application',
      'expert_review',
      'award',
      'agreement',
      'execution',
      'acceptance',
    ]);
    for (const mode of MODES)
      expect(requiredStages(mode)).toEqual(expect.arrayContaining([...COMMON_STAGES]));
    expect(MODE_STAGES.directed).not.toContain('guide');
  });

  it('refuses a guide in a directed program (no open call)', () => {
    const t = forMode('directed');
    t.stages.unshift('guide');
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual(['stages.0']);
    expect(fields[0].message.zh).toContain('定向委托');
    expect(fields[0].message.en).toBe(
      'A directed program has no open call and cannot include the stage guide',
    );
  });

  it('requires a formal check with applications, and applications for an endorsement', () => {
    const t = forMode('directed');
    t.stages = [
      'endorsement',
      'formal_check',
      'expert_review',
      'award',
      'agreement',
      'execution',
      'acceptance',
    ];
    const fields = fieldsOf(t);
    // application is missing: reported once for the mode, not again for each stage that needs it.
    expect(fields.map((f) => f.path)).toEqual(['stages']);
    expect(fields[0].message.en).toBe('A directed program must include the stages: application');

    const u = forMode('directed');
    u.stages = u.stages.filter((s: string) => s !== 'formal_check');
    const needs = fieldsOf(u);
    expect(needs.map((f) => f.path)).toEqual(['stages.0']);
    expect(needs[0].message).toEqual({
      zh: '阶段“项目申报”需要同时包含阶段：“形式审查”',
      en: 'Stage application needs the stages: formal_check',
    });
  });

  it('accepts optional stages: demand collection, endorsement, defense, public notice (directed), credit', () => {
    const t = forMode('directed');
    t.stages = [
      'demand_collection',
      'application',
      'endorsement',
      'formal_check',
      'expert_review',
      'defense',
      'award',
      'agreement',
      'execution',
      'acceptance',
      'credit',
    ];
    expect(() => validateTemplate(t)).not.toThrow();
  });
});

describe('durations', () => {
  it('lists the ISO 8601 durations the editor shows, not the working-day counts', () => {
    expect(DURATION_KEYS.slice(0, 3)).toEqual(['applicationWindow', 'fixWindow', 'endorsementWindow']);
    expect(DURATION_KEYS).toContain('midtermPoint');
    expect(DURATION_KEYS).not.toContain('noticePeriodWorkingDays');
    expect(DURATION_KEYS).not.toContain('acceptanceObjectionWorkingDays');
  });

  it.each([
    ['negative', 'fixWindow', '-P1D'],
    ['fractional', 'reviewWindow', 'PT1.5H'],
    ['lower case', 'applicationWindow', 'p30d'],
    ['zero', 'signingDeadline', 'P0D'],
    ['empty', 'executionLength', ''],
    ['a number', 'reportCadence', 30],
  ])('refuses a %s duration at its field', (_label, field, value) => {
    const t = base();
    t.durations[field] = value;
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual([`durations.${field}`]);
    expect(fields[0].message.zh).toMatch(HAN);
  });

  it('accepts test-speed durations in seconds', () => {
    const t = forMode('horse_race');
    t.durations = {
      applicationWindow: 'PT5S',
      fixWindow: 'PT2S',
      reviewWindow: 'PT5S',
      signingDeadline: 'PT5S',
      reportCadence: 'PT3S',
      midtermPoint: 'PT10S',
      executionLength: 'PT30S',
      noticePeriodWorkingDays: 1,
    };
    expect(() => validateTemplate(t)).not.toThrow();
  });

  it.each([0, -5, 2.5, 61])('refuses noticePeriodWorkingDays = %p', (n) => {
    const t = base();
    t.durations.noticePeriodWorkingDays = n;
    expect(pathsOf(t)).toEqual(['durations.noticePeriodWorkingDays']);
  });

  it('requires midtermPoint with the midterm_check stage', () => {
    const t = forMode('horse_race');
    delete t.durations.midtermPoint;
    expect(messageAt(t, 'durations.midtermPoint').en).toBe(
      'midtermPoint is required when the stages include midterm_check',
    );
  });

  it('refuses midtermPoint without the midterm_check stage', () => {
    const t = base();
    t.durations.midtermPoint = 'P1Y';
    expect(pathsOf(t)).toEqual(['durations.midtermPoint']);
  });

  it.each([
    ['at', 'P2Y', 'P2Y'],
    ['after', 'P25M', 'P2Y'],
    ['equal by another name', 'P24M', 'P2Y'],
  ])('refuses a midterm point %s the end of execution', (_label, midtermPoint, executionLength) => {
    const t = forMode('horse_race');
    t.durations.midtermPoint = midtermPoint;
    t.durations.executionLength = executionLength;
    expect(messageAt(t, 'durations.midtermPoint').en).toBe(
      `midtermPoint (${midtermPoint}) must fall before the end of execution (${executionLength})`,
    );
  });

  it('accepts a midterm point just before the end', () => {
    const t = forMode('horse_race');
    t.durations.midtermPoint = 'P23M';
    expect(() => validateTemplate(t)).not.toThrow();
  });

  // compareDurations throws for a duration beyond any date: the cross-field checks used to call it
  // on such a value (a 500 instead of a field message).
  it('reports an execution length beyond any date at its field, and compares nothing with it', () => {
    const t = forMode('horse_race');
    t.durations.executionLength = 'P999999Y';
    expect(() => validateTemplate(t)).toThrow();
    expect(pathsOf(t)).toEqual(['durations.executionLength']);
    t.durations.executionLength = 'P2Y';
    t.durations.midtermPoint = 'P999999Y';
    t.durations.reportCadence = 'P999999Y';
    expect(pathsOf(t).sort()).toEqual(['durations.midtermPoint', 'durations.reportCadence']);
  });

  it('refuses a report cadence longer than execution, accepts an equal one', () => {
    const t = base();
    t.durations.reportCadence = 'P3Y';
    expect(pathsOf(t)).toEqual(['durations.reportCadence']);
    t.durations.reportCadence = 'P24M';
    expect(() => validateTemplate(t)).not.toThrow();
  });
});

describe('rubric', () => {
  function withWeights(weights: number[]): any {
    const t = base();
    t.rubric.criteria = weights.map((weight, i) => ({
      key: `c${i}`,
      name: { zh: `评分项${i}`, en: `C${i}` },
      weight,
    }));
    return t;
  }

  it('accepts weights summing to exactly 100', () => {
    expect(() => validateTemplate(withWeights([40, 35, 25]))).not.toThrow();
    expect(() => validateTemplate(withWeights([100]))).not.toThrow();
  });

  it.each([
    [99, [40, 35, 24]],
    [101, [40, 35, 26]],
  ])('refuses weights summing to %d, naming the sum at rubric.criteria', (sum, weights) => {
    expect(fieldsOf(withWeights(weights))).toEqual([
      {
        path: 'rubric.criteria',
        message: {
          zh: `评分项权重之和为 ${sum}，必须恰好等于 100`,
          en: `The criterion weights sum to ${sum}; they must sum to exactly 100`,
        },
      },
    ]);
  });

  it.each([
    ['zero', 0],
    ['negative', -10],
    ['fractional', 12.5],
    ['over 100', 101],
  ])('refuses a %s weight at its criterion', (_label, weight) => {
    const paths = pathsOf(withWeights([50, weight as number]));
    expect(paths).toContain('rubric.criteria.1.weight');
  });

  it('refuses a duplicate criterion key at the second occurrence', () => {
    const t = base();
    t.rubric.criteria[2].key = 'innovation';
    const fields = fieldsOf(t);
    expect(fields.map((f) => f.path)).toEqual(['rubric.criteria.2.key']);
    expect(fields[0].message).toEqual({
      zh: '评分项代码“innovation”重复',
      en: 'Duplicate criterion key "innovation"',
    });
  });

  it.each(['Innovation', 'inno-vation', '1st', ''])('refuses the criterion key %p', (key) => {
    const t = base();
    t.rubric.criteria[0].key = key;
    expect(pathsOf(t)).toEqual(['rubric.criteria.0.key']);
  });

  it('refuses an empty criteria list', () => {
    const t = base();
    t.rubric.criteria = [];
    expect(pathsOf(t)).toEqual(['rubric.criteria']);
  });

  it.each([
    [0, 0],
    [10, 5],
  ])('refuses scale {min: %d, max: %d} at rubric.scale.max', (min, max) => {
    const t = base();
    t.rubric.scale = { min, max };
    expect(pathsOf(t)).toEqual(['rubric.scale.max']);
  });

  it('accepts scale {min: 0, max: 1} and {min: 1, max: 5}', () => {
    for (const scale of [
      { min: 0, max: 1 },
      { min: 1, max: 5 },
    ]) {
      const t = base();
      t.rubric.scale = scale;
      expect(() => validateTemplate(t)).not.toThrow();
    }
  });

  it('requires blind to be a boolean', () => {
    const t = base();
    t.rubric.blind = 'yes';
    expect(pathsOf(t)).toEqual(['rubric.blind']);
  });
});

describe('panel', () => {
  it.each([3, 5, 7, 9])('accepts an odd panel of %d', (size) => {
    const t = base();
    t.panel = { size };
    expect(validateTemplate(t).panel.size).toBe(size);
  });

  it.each([4, 6])('refuses an even panel of %d at panel.size', (size) => {
    const t = base();
    t.panel = { size };
    expect(fieldsOf(t)).toEqual([
      {
        path: 'panel.size',
        message: { zh: '评审专家人数必须为奇数', en: 'The panel size must be an odd number' },
      },
    ]);
  });

  it.each([1, 0, -1, 2])('refuses a panel of %d (fewer than 3)', (size) => {
    const t = base();
    t.panel = { size };
    const paths = pathsOf(t);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p === 'panel.size')).toBe(true);
  });

  it('refuses a fractional panel size and maxPerOrganisation 0', () => {
    const t = base();
    t.panel = { size: 5.5, maxPerOrganisation: 0 };
    const paths = pathsOf(t);
    expect(paths).toContain('panel.size');
    expect(paths).toContain('panel.maxPerOrganisation');
  });

  it('requires the issuer’s representative for a challenge (RULES §5)', () => {
    const t = forMode('challenge');
    t.panel = {};
    expect(fieldsOf(t)).toEqual([
      {
        path: 'panel.issuerRepresentative',
        message: {
          zh: '揭榜挂帅项目的评审专家组必须包含发榜方代表',
          en: 'A challenge panel must include the issuer’s representative (RULES §5)',
        },
      },
    ]);
    t.panel = { issuerRepresentative: false };
    expect(pathsOf(t)).toEqual(['panel.issuerRepresentative']);
  });
});

describe('eligibility', () => {
  it.each(['excellent', 'good', 'minor_breach', 'serious_breach'])('accepts minCreditLevel %s', (level) => {
    const t = base();
    t.eligibility.minCreditLevel = level;
    expect(() => validateTemplate(t)).not.toThrow();
  });

  it('refuses severe_breach as the minimum credit level (RULES §3)', () => {
    const t = base();
    t.eligibility.minCreditLevel = 'severe_breach';
    const message = messageAt(t, 'eligibility.minCreditLevel');
    expect(message.zh).toContain('严重失信');
    expect(message.en).toContain('Severe breach');
  });

  it.each([
    ['an unknown credit level', 'minCreditLevel', '优秀'],
    ['an unknown region', 'region', 'guangxi'],
    ['a zero budget cap', 'budgetCapFen', 0],
    ['a fractional budget cap', 'budgetCapFen', 100.5],
    ['a zero project limit', 'concurrentProjectLimit', 0],
    ['a fractional project limit', 'concurrentProjectLimit', 1.5],
  ])('refuses %s', (_label, field, value) => {
    const t = base();
    t.eligibility[field] = value;
    expect(pathsOf(t)).toEqual([`eligibility.${field}`]);
  });

  it.each([
    ['negative', -100],
    ['beyond the safe-integer range', Number.MAX_SAFE_INTEGER + 2],
  ])('refuses a %s budget cap (each failed check at budgetCapFen)', (_label, value) => {
    const t = base();
    t.eligibility.budgetCapFen = value;
    const paths = pathsOf(t);
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p === 'eligibility.budgetCapFen')).toBe(true);
  });

  it('accepts a budget cap of 1 fen and of the largest safe integer', () => {
    for (const cap of [1, Number.MAX_SAFE_INTEGER]) {
      const t = base();
      t.eligibility.budgetCapFen = cap;
      expect(validateTemplate(t).eligibility.budgetCapFen).toBe(cap);
    }
  });

  it.each(REGIONS)('accepts region %s', (region) => {
    const t = base();
    t.eligibility.region = region;
    expect(() => validateTemplate(t)).not.toThrow();
  });

  it('accepts a 1:1 co-funding ratio and refuses a zero or fractional part', () => {
    const t = base();
    t.eligibility.coFunding = { selfFen: 1, publicFen: 1 };
    expect(validateTemplate(t).eligibility.coFunding).toEqual({ selfFen: 1, publicFen: 1 });
    t.eligibility.coFunding = { selfFen: 0, publicFen: 1.5 };
    expect(pathsOf(t)).toEqual(['eligibility.coFunding.selfFen', 'eligibility.coFunding.publicFen']);
  });

  it('requires coFunding to be given (null for none)', () => {
    const t = base();
    delete t.eligibility.coFunding;
    expect(pathsOf(t)).toEqual(['eligibility.coFunding']);
  });

  it('refuses a duplicate document code at the second occurrence', () => {
    const t = base();
    t.eligibility.requiredDocuments.push({ code: 'integrity_pledge', name: { zh: '承诺书', en: 'Pledge' } });
    expect(pathsOf(t)).toEqual(['eligibility.requiredDocuments.2.code']);
  });

  it('requires a directed program to ask for the implementation plan (RULES §12.2)', () => {
    const t = forMode('directed');
    t.eligibility.requiredDocuments = t.eligibility.requiredDocuments.filter(
      (d: any) => d.code !== IMPLEMENTATION_PLAN_DOCUMENT,
    );
    expect(messageAt(t, 'eligibility.requiredDocuments').en).toContain('implementation_plan');
  });
});

describe('funding', () => {
  function withShares(shares: [number, string][]): any {
    const t = base();
    t.funding.installments = shares.map(([sharePercent, releasedBy]) => ({ sharePercent, releasedBy }));
    return t;
  }

  it.each([
    [99, 69],
    [101, 71],
  ])('refuses shares summing to %d%%, naming the sum at funding.installments', (sum, first) => {
    expect(
      fieldsOf(
        withShares([
          [first, 'signing'],
          [30, 'acceptance'],
        ]),
      ),
    ).toEqual([
      {
        path: 'funding.installments',
        message: {
          zh: `各期拨付比例之和为 ${sum}%，必须恰好等于 100%`,
          en: `The installment shares sum to ${sum}%; they must sum to exactly 100%`,
        },
      },
    ]);
  });

  it('accepts a single installment of 100% on signing', () => {
    expect(() => validateTemplate(withShares([[100, 'signing']]))).not.toThrow();
  });

  it.each([0, 101, -1, 50.5])('refuses sharePercent %p at funding.installments.1.sharePercent', (share) => {
    const paths = pathsOf(
      withShares([
        [50, 'signing'],
        [share, 'acceptance'],
      ]),
    );
    expect(paths).toContain('funding.installments.1.sharePercent');
  });

  it('refuses an unknown release event at its index', () => {
    expect(
      pathsOf(
        withShares([
          [70, 'signing'],
          [30, 'payday'],
        ]),
      ),
    ).toEqual(['funding.installments.1.releasedBy']);
  });

  it('refuses an empty schedule', () => {
    expect(pathsOf(withShares([]))).toEqual(['funding.installments']);
  });

  it('refuses installments out of the project’s course, at the misplaced one', () => {
    const fields = fieldsOf(
      withShares([
        [30, 'acceptance'],
        [70, 'signing'],
      ]),
    );
    expect(fields.map((f) => f.path)).toEqual(['funding.installments.1.releasedBy']);
    expect(fields[0].message.en).toBe(
      "Installments follow the project's course: signing cannot come after acceptance",
    );
  });

  it('refuses two installments on signing, accepts several milestones', () => {
    expect(
      pathsOf(
        withShares([
          [50, 'signing'],
          [20, 'signing'],
          [30, 'acceptance'],
        ]),
      ),
    ).toEqual(['funding.installments.1.releasedBy']);
    expect(() =>
      validateTemplate(
        withShares([
          [40, 'signing'],
          [20, 'milestone'],
          [20, 'milestone'],
          [20, 'acceptance'],
        ]),
      ),
    ).not.toThrow();
  });

  it('refuses a mid-term installment without the midterm_check stage', () => {
    const fields = fieldsOf(
      withShares([
        [50, 'signing'],
        [30, 'midterm_check'],
        [20, 'acceptance'],
      ]),
    );
    expect(fields.map((f) => f.path)).toEqual(['funding.installments.1.releasedBy']);
    expect(fields[0].message.zh).toMatch(HAN);
  });

  it('requires milestone payment for a challenge (RULES §7)', () => {
    const t = forMode('challenge');
    t.funding.installments = [
      { sharePercent: 70, releasedBy: 'signing' },
      { sharePercent: 30, releasedBy: 'acceptance' },
    ];
    expect(fieldsOf(t)).toEqual([
      {
        path: 'funding.installments',
        message: {
          zh: '揭榜挂帅项目须按里程碑拨付经费，至少一期应在里程碑考核通过后拨付',
          en: 'A challenge program pays by milestone: at least one installment must be released by milestone',
        },
      },
    ]);
  });

  it('requires a horse race to hold money back until the mid-term evaluation', () => {
    const t = forMode('horse_race');
    t.funding.installments = [
      { sharePercent: 70, releasedBy: 'signing' },
      { sharePercent: 30, releasedBy: 'acceptance' },
    ];
    expect(pathsOf(t)).toEqual(['funding.installments']);
  });
});

describe('horseRace', () => {
  it('is required for mode horse_race', () => {
    const t = forMode('horse_race');
    delete t.horseRace;
    expect(pathsOf(t)).toEqual(['horseRace']);
  });

  it.each(['open_competition', 'directed'] as const)('is refused for mode %s', (mode) => {
    const t = forMode(mode);
    t.horseRace = { teams: 2, scoreGapPercent: 5 };
    expect(messageAt(t, 'horseRace').en).toBe(
      `horseRace options apply only to modes horse_race and challenge, not ${mode}`,
    );
  });

  it('is optional for a challenge, which may end in a horse race of close bids', () => {
    const t = forMode('challenge');
    expect(validateTemplate(t).horseRace).toBeUndefined();
    t.horseRace = { teams: 2, scoreGapPercent: 5 };
    expect(validateTemplate(t).horseRace).toEqual({ teams: 2, scoreGapPercent: 5 });
  });
});

describe('award options', () => {
  it('are read from a stored template, with defaults where an older version or no template has none', () => {
    expect(awardOptionsOf(null)).toEqual({
      chain: ['admin'],
      noticeWorkingDays: 5,
      restartNoticeOnChange: true,
    });
    const t = validateTemplate({
      ...forMode('challenge'),
      award: { approvalChain: ['officer', 'admin'], restartNoticeOnChange: false },
      horseRace: { teams: 2, scoreGapPercent: 5 },
    });
    t.durations.noticePeriodWorkingDays = 7;
    expect(awardOptionsOf(t)).toEqual({
      chain: ['officer', 'admin'],
      noticeWorkingDays: 7,
      restartNoticeOnChange: false,
      horseRace: { teams: 2, scoreGapPercent: 5 },
    });
    const { award: _award, ...older } = t;
    expect(awardOptionsOf(older)).toMatchObject({ chain: ['admin'], restartNoticeOnChange: true });
  });

  it('take a notice of fixed length from the template (drills and tests), else the working days', () => {
    const t = forMode('open_competition');
    t.durations.noticePeriod = 'PT8S';
    const drill = validateTemplate(t);
    expect(drill.durations).toMatchObject({ noticePeriod: 'PT8S', noticePeriodWorkingDays: 5 });
    expect(awardOptionsOf(drill)).toMatchObject({ noticePeriod: 'PT8S', noticeWorkingDays: 5 });
    expect(awardOptionsOf(validateTemplate(forMode('open_competition')))).not.toHaveProperty('noticePeriod');
    for (const bad of ['P0D', '8 seconds', 'PT1.5S']) {
      const refused = forMode('open_competition');
      refused.durations.noticePeriod = bad;
      expect(pathsOf(refused)).toEqual(['durations.noticePeriod']);
    }
  });

  it('default to the admin approving and a restarted notice after a change', () => {
    expect(validateTemplate(forMode('open_competition')).award).toEqual({
      approvalChain: ['admin'],
      restartNoticeOnChange: true,
    });
  });

  it('take a longer chain and keep the period on a change', () => {
    const t = forMode('open_competition');
    t.award = { approvalChain: ['officer', 'admin'], restartNoticeOnChange: false };
    expect(validateTemplate(t).award).toEqual({
      approvalChain: ['officer', 'admin'],
      restartNoticeOnChange: false,
    });
  });

  it.each([
    ['an empty chain', { approvalChain: [] }, 'award.approvalChain'],
    ['an unknown role', { approvalChain: ['mayor'] }, 'award.approvalChain.0'],
    ['a non-boolean restart', { restartNoticeOnChange: 'yes' }, 'award.restartNoticeOnChange'],
  ])('refuses %s', (_label, award, path) => {
    const t = forMode('open_competition');
    t.award = award;
    expect(pathsOf(t)).toEqual([path]);
  });

  it.each([
    ['one team', { teams: 1, scoreGapPercent: 5 }, 'horseRace.teams'],
    ['a fractional team count', { teams: 2.5, scoreGapPercent: 5 }, 'horseRace.teams'],
    ['a zero score gap', { teams: 2, scoreGapPercent: 0 }, 'horseRace.scoreGapPercent'],
    ['a score gap over 100%', { teams: 2, scoreGapPercent: 101 }, 'horseRace.scoreGapPercent'],
  ])('refuses %s', (_label, horseRace, path) => {
    const t = forMode('horse_race');
    t.horseRace = horseRace;
    expect(pathsOf(t)).toEqual([path]);
  });

  it('accepts three teams and a fractional gap', () => {
    const t = forMode('horse_race');
    t.horseRace = { teams: 3, scoreGapPercent: 2.5 };
    expect(validateTemplate(t).horseRace).toEqual({ teams: 3, scoreGapPercent: 2.5 });
  });
});

describe('startDuringWindow (the formal check and review rounds wait for the close unless it says so)', () => {
  it('defaults to none: both stages wait for the close', () => {
    const t = validateTemplate(base());
    expect(t.startDuringWindow).toEqual([]);
    expect(startsDuringWindow(t, 'formal_check')).toBe(false);
    expect(startsDuringWindow(t, 'expert_review')).toBe(false);
  });

  it('lets a rolling call check, or check and review, during the window', () => {
    const checking = base();
    checking.startDuringWindow = ['formal_check'];
    const t = validateTemplate(checking);
    expect(startsDuringWindow(t, 'formal_check')).toBe(true);
    expect(startsDuringWindow(t, 'expert_review')).toBe(false);
    const both = base();
    both.startDuringWindow = ['formal_check', 'expert_review'];
    expect(startsDuringWindow(validateTemplate(both), 'expert_review')).toBe(true);
  });

  it('has no exception for a call without a template or a template stored before the field', () => {
    const { startDuringWindow: _none, ...older } = validateTemplate(base());
    // As the database hands back a version saved before the field existed.
    const stored: { startDuringWindow?: string[] } = JSON.parse(JSON.stringify(older));
    expect(startsDuringWindow(stored, 'formal_check')).toBe(false);
    expect(startsDuringWindow(null, 'formal_check')).toBe(false);
  });

  it.each([
    ['a stage that never waits for the close', ['award'], 'startDuringWindow.0'],
    ['a stage named twice', ['formal_check', 'formal_check'], 'startDuringWindow.1'],
    ['a review during the window after a check that waits', ['expert_review'], 'startDuringWindow.0'],
    ['a list that is not one', 'formal_check', 'startDuringWindow'],
  ])('refuses %s', (_label, startDuringWindow, path) => {
    const t = base();
    t.startDuringWindow = startDuringWindow;
    expect(pathsOf(t)).toEqual([path]);
  });

  it('explains why a review during the window needs the check during the window', () => {
    const t = base();
    t.startDuringWindow = ['expert_review'];
    const message = messageAt(t, 'startDuringWindow.0');
    expect(message.zh).toContain('形式审查也须在申报期内开始');
    expect(message.en).not.toMatch(HAN);
  });
});

describe('every problem at once', () => {
  function broken(): any {
    const t = forMode('challenge');
    t.stages.splice(1, 0, 'lottery'); // unknown stage
    t.stages.push('award'); // duplicate
    t.durations.fixWindow = '-P1D'; // negative duration
    t.rubric.criteria[0].weight = 41; // weights 101
    t.rubric.criteria[2].key = 'innovation'; // duplicate key
    t.panel = { size: 4, issuerRepresentative: false }; // even, no issuer
    t.eligibility.minCreditLevel = 'severe_breach';
    t.funding.installments = [
      { sharePercent: 50, releasedBy: 'signing' },
      { sharePercent: 0, releasedBy: 'acceptance' }, // below 1
      { sharePercent: 49, releasedBy: 'signing' }, // second signing, out of order
    ]; // sums to 99, no milestone
    t.horseRace = { teams: 1, scoreGapPercent: 5 }; // a race needs two teams
    return t;
  }

  it('reports every problem, each at its own path', () => {
    expect(pathsOf(broken()).sort()).toEqual(
      [
        'stages.1',
        'stages.11',
        'durations.fixWindow',
        'rubric.criteria',
        'rubric.criteria.2.key',
        'panel.size',
        'panel.issuerRepresentative',
        'eligibility.minCreditLevel',
        'funding.installments',
        'funding.installments',
        'funding.installments.1.sharePercent',
        'funding.installments.2.releasedBy',
        'funding.installments.2.releasedBy',
        'horseRace.teams',
      ].sort(),
    );
  });

  it('gives every message in Chinese and in English', () => {
    for (const { message } of fieldsOf(broken())) {
      expect(message.zh).toMatch(HAN);
      expect(message.en.length).toBeGreaterThan(0);
      expect(message.en).not.toMatch(HAN);
    }
  });

  it('names both sums', () => {
    const messages = fieldsOf(broken()).map((f) => f.message.en);
    expect(messages).toContain('The criterion weights sum to 101; they must sum to exactly 100');
    expect(messages).toContain('The installment shares sum to 99%; they must sum to exactly 100%');
  });
});

describe('labels', () => {
  it('labels every stage, credit level, region and release event in both languages', () => {
    const tables = [
      [STAGES, STAGE_LABELS],
      [CREDIT_LEVELS, CREDIT_LEVEL_LABELS],
      [REGIONS, REGION_LABELS],
      [RELEASE_EVENTS, RELEASE_EVENT_LABELS],
    ] as const;
    for (const [codes, labels] of tables) {
      expect(Object.keys(labels)).toEqual([...codes]);
      for (const code of codes) {
        const label = (labels as Record<string, { zh: string; en: string }>)[code];
        expect(label.zh).toMatch(HAN);
        expect(label.en).toMatch(/^[A-Z]/);
      }
    }
  });

  it('keeps the five credit levels in order with their Chinese names', () => {
    expect(CREDIT_LEVELS.map((l) => CREDIT_LEVEL_LABELS[l].zh)).toEqual([
      '优秀',
      '良好',
      '一般失信',
      '较重失信',
      '严重失信',
    ]);
  });

  it('compares credit levels, best first', () => {
    expect(meetsCreditLevel('excellent', 'good')).toBe(true);
    expect(meetsCreditLevel('good', 'good')).toBe(true);
    expect(meetsCreditLevel('minor_breach', 'good')).toBe(false);
    expect(meetsCreditLevel('severe_breach', 'serious_breach')).toBe(false);
  });
});

describe('assertMaySaveTemplate', () => {
  it('lets an administrator save a version, and no one else', () => {
    expect(() => assertMaySaveTemplate({ roles: ['admin'] })).not.toThrow();
    expect(() => assertMaySaveTemplate({ roles: ['officer', 'auditor'] })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
});

describe('acceptance terms (验收, RULES §10, §13)', () => {
  it('are optional: a template without them runs on the rules’ defaults', () => {
    const t = validateTemplate(base());
    expect(t.durations.acceptanceWindow).toBeUndefined();
    expect(t.funding.auditThresholdFen).toBeUndefined();
  });
  it('keeps the template’s own window, limit, fix period, objection days and audit threshold', () => {
    const t = base();
    Object.assign(t.durations, {
      acceptanceWindow: 'P3M',
      acceptanceOverdueLimit: 'P6M',
      acceptanceRectifyWindow: 'P2M',
      acceptanceObjectionWorkingDays: 7,
      acceptanceObjectionPeriod: 'PT8S',
    });
    t.funding.auditThresholdFen = 50_000_000;
    const v = validateTemplate(t);
    expect(v.durations).toMatchObject({ acceptanceWindow: 'P3M', acceptanceObjectionWorkingDays: 7 });
    expect(v.funding.auditThresholdFen).toBe(50_000_000);
  });
  it('refuses a bad term on its field', () => {
    const t = base();
    t.durations.acceptanceWindow = '6 months';
    t.durations.acceptanceObjectionWorkingDays = 0;
    t.funding.auditThresholdFen = 1.5;
    expect(pathsOf(t)).toEqual([
      'durations.acceptanceWindow',
      'durations.acceptanceObjectionWorkingDays',
      'funding.auditThresholdFen',
    ]);
  });
});
