import { ApplicationContent } from '../application/application';
import {
  affinityOf,
  assertCanRecuse,
  assertCanSaveDraft,
  assertInvitationOfRound,
  assertPanelNeeded,
  assertPanelNotRecorded,
  assertRoundCapFits,
  assertRoundHasApplications,
  assertRoundNotCreated,
  blindContent,
  contentForExpert,
  createReviewRoundSchema,
  invitationEnded,
  invitationWithoutWorkflow,
  loadCapInRound,
  mayOpenAssignment,
  positiveAffinities,
  RECUSAL_KINDS,
  RECUSAL_LABELS,
  roundCapRefusal,
} from './review-round';
import { DomainError, RetryableRefusal } from '../kernel/errors.rules';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';

const content = {
  title: '赤泥综合利用关键技术研究',
  summary: '围绕赤泥综合利用开展关键技术攻关。',
  requestedFen: 30_000_000,
  pi: {
    name: '李明',
    title: '教授',
    titleLevel: 'full',
    phone: '0776-2848000',
    email: 'liming@example.cn',
    idNumber: '11010519491231002X',
    effortPercent: 60,
  },
  team: [{ name: '韦芳', role: '技术骨干', organisation: '百色学院', effortPercent: 30 }],
  cooperators: [],
} as unknown as ApplicationContent;

describe('contentForExpert (privacy: what an expert reads)', () => {
  it('never shows the PI identity number, phone or e-mail when the review is not blind', () => {
    const shown = contentForExpert(content, false);
    expect(shown.pi).toEqual({ name: '李明', title: '教授', titleLevel: 'full', effortPercent: 60 });
    const text = JSON.stringify(shown);
    for (const secret of ['11010519491231002X', '002X', '0776-2848000', 'liming@example.cn'])
      expect(text).not.toContain(secret);
    expect(shown.team?.[0].name).toBe('韦芳');
    expect(shown.title).toBe(content.title);
    // The stored content is not changed.
    expect(content.pi?.idNumber).toBe('11010519491231002X');
  });

  it('shows neither who proposes it nor their identity or contacts under blind review', () => {
    const shown = contentForExpert(content, true);
    expect(shown).toEqual(blindContent(content));
    expect(shown.pi).toBeUndefined();
    expect(JSON.stringify(shown)).not.toMatch(/李明|0776-2848000|liming@|11010519491231002X/);
  });

  it('passes a draft without a PI through', () => {
    const noPi = { ...content, pi: null } as unknown as ApplicationContent;
    expect(contentForExpert(noPi, false).pi).toBeNull();
  });
});

describe('createReviewRoundSchema: reminderBefore', () => {
  it('defaults to one day and accepts exact lead times', () => {
    expect(createReviewRoundSchema.parse({}).reminderBefore).toBe('P1D');
    expect(createReviewRoundSchema.parse({ reminderBefore: 'PT12H' }).reminderBefore).toBe('PT12H');
  });

  it('refuses a lead time in months, which has no fixed length', () => {
    const error = caught(() => parseOrThrow(createReviewRoundSchema, { reminderBefore: 'P1M' }));
    expect(error.fields.map((f) => f.path)).toEqual(['reminderBefore']);
    expect(error.fields[0].message.en).toMatch(/no months or years/);
  });

  // Its months check used to parse with the throwing parser: zod runs every refinement, also after
  // the syntax check has failed, so any malformed text was a 500 (issue 14 §4).
  it.each([
    ['malformed', 'P1X'],
    ['negative', '-P1D'],
    ['100 kB', 'P'.repeat(100_000)],
    ['a NUL', 'P1D\u0000'],
    ['a lone surrogate', 'P1D\ud800'],
  ])('refuses a %s lead time with a field message instead of throwing', (_label, reminderBefore) => {
    expect(() => createReviewRoundSchema.safeParse({ reminderBefore })).not.toThrow();
    const error = caught(() => parseOrThrow(createReviewRoundSchema, { reminderBefore }));
    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((f) => f.path)).toEqual(['reminderBefore']);
    expect(error.fields[0].message.zh).toMatch(HAN);
  });
});

describe('the round’s load cap (maxPerExpert)', () => {
  it('is optional, a whole number from 1 to 500, refused on its field otherwise', () => {
    expect(createReviewRoundSchema.parse({}).maxPerExpert).toBeUndefined();
    expect(createReviewRoundSchema.parse({ maxPerExpert: 3 }).maxPerExpert).toBe(3);
    for (const maxPerExpert of [0, -1, 2.5, 501, '3']) {
      const error = caught(() => parseOrThrow(createReviewRoundSchema, { maxPerExpert }));
      expect(error.fields.map((f) => f.path)).toEqual(['maxPerExpert']);
    }
  });

  it('gives each expert the lesser of their profile’s cap and the round’s; none: the profile’s', () => {
    expect([8, 3, 1].map((c) => loadCapInRound(c, 3))).toEqual([3, 3, 1]);
    expect([8, 3, 1].map((c) => loadCapInRound(c, undefined))).toEqual([8, 3, 1]);
  });

  it('refuses a cap that leaves fewer slots than k × applications, naming the field with the numbers', () => {
    // 4 experts of 10 each: 40 slots; capped at 2, 8 slots for 3 × 3 = 9 seats.
    const fits = (maxPerExpert: number | undefined, applications = 3) =>
      assertRoundCapFits({ profileCaps: [10, 10, 10, 10], k: 3, applications, maxPerExpert });
    expect(() => fits(3)).not.toThrow();
    expect(() => fits(undefined)).not.toThrow();
    const err = caught(() => fits(2));
    expect(err.code).toBe('validation_failed');
    expect(err.fields.map((f) => f.path)).toEqual(['maxPerExpert']);
    expect(err.bilingual.zh).toContain(
      '每位专家本轮上限为 2 时，可抽取的 4 名专家共 8 个评审名额，少于所需的 9 个',
    );
    expect(err.bilingual.en).toContain('8 review slots, fewer than the 9 needed');
    // Short without the cap too: not the cap's doing, the engine's refusal names the applications.
    expect(() => fits(2, 20)).not.toThrow();
  });

  it('names the cap before the engine’s refusal when only the cap made the draw infeasible', () => {
    const engine = new DomainError(
      'validation_failed',
      { zh: '以下 1 个申报项目无法配齐评审专家：A', en: '1 application(s) cannot get a full panel: A' },
      [{ path: 'applications.0', message: { zh: '申报项目 A：…', en: 'Application A: …' } }],
    );
    const err = roundCapRefusal(engine, 2);
    expect(err.code).toBe('validation_failed');
    expect(err.fields.map((f) => f.path)).toEqual(['maxPerExpert', 'applications.0']);
    expect(err.bilingual.zh).toMatch(/^每位专家本轮上限为 2 时.*无法配齐评审专家：A$/);
    expect(err.fields[0].message.en).toContain('With at most 2 per expert');
  });
});

describe('review round command rules', () => {
  it('keeps a draft only while the invitation is accepted', () => {
    expect(() => assertCanSaveDraft('accepted')).not.toThrow();
    for (const status of ['invited', 'submitted', 'declined', 'missed'] as const) {
      const err = caught(() => assertCanSaveDraft(status));
      expect(err.code).toBe('invalid_state');
      expect(err.bilingual.zh).toMatch(HAN);
    }
  });

  it('lets an invitation be recused (by the expert or by an officer) only while it holds a seat without a score', () => {
    for (const status of ['invited', 'accepted'] as const)
      expect(() => assertCanRecuse(status)).not.toThrow();
    for (const status of ['submitted', 'declined', 'expired', 'recused', 'missed'] as const) {
      const err = caught(() => assertCanRecuse(status));
      expect(err.code).toBe('invalid_state');
      expect(err.bilingual.zh).toMatch(HAN);
    }
    expect(caught(() => assertCanRecuse('recused')).bilingual).toEqual({
      zh: '该评审邀请已回避，不能申请回避',
      en: 'The invitation is recused; cannot recuse',
    });
    // Two ways to step aside, each labelled in both languages.
    for (const kind of RECUSAL_KINDS) expect(RECUSAL_LABELS[kind].zh).toMatch(HAN);
  });

  it('finds an officer’s invitation only in the round the command names', () => {
    expect(() => assertInvitationOfRound({ roundId: 'r1' }, 'r1')).not.toThrow();
    for (const other of [{ roundId: 'r2' }, null, undefined]) {
      const err = caught(() => assertInvitationOfRound(other, 'r1'));
      expect(err.code).toBe('not_found');
      expect(err.bilingual.zh).toMatch(HAN);
    }
  });

  it('lets the expert open the application while invited, accepted or scored', () => {
    expect(['invited', 'accepted', 'submitted'].every((s) => mayOpenAssignment(s as never))).toBe(true);
    expect(['declined', 'expired', 'recused', 'missed'].some((s) => mayOpenAssignment(s as never))).toBe(
      false,
    );
  });

  it('refuses a round without applications, a panel without disagreement, a second panel or round', () => {
    expect(() => assertRoundHasApplications(1)).not.toThrow();
    expect(caught(() => assertRoundHasApplications(0)).code).toBe('invalid_state');
    expect(() => assertPanelNeeded(true)).not.toThrow();
    expect(caught(() => assertPanelNeeded(false)).code).toBe('invalid_state');
    expect(() => assertPanelNotRecorded(['a'], 'b')).not.toThrow();
    expect(caught(() => assertPanelNotRecorded(['a'], 'a')).code).toBe('conflict');
    expect(() => assertRoundNotCreated(false)).not.toThrow();
    expect(caught(() => assertRoundNotCreated(true)).code).toBe('conflict');
    expect(invitationEnded().code).toBe('invalid_state');
  });

  it('answers a command on an invitation without a running workflow: ended, a wait, then retry later', () => {
    for (const status of ['accepted', 'declined', 'submitted', 'expired'] as const)
      expect(invitationWithoutWorkflow(status, false, 5)?.code).toBe('invalid_state');
    expect(invitationWithoutWorkflow('invited', false, 5)).toBeNull();
    const later = invitationWithoutWorkflow('invited', true, 5) as RetryableRefusal;
    expect({ code: later.code, retryAfter: later.retryAfterSeconds }).toEqual({
      code: 'not_ready',
      retryAfter: 5,
    });
  });
});

describe('affinities of a round (positiveAffinities)', () => {
  it('gives every pair the affinity affinityOf gives it, keeping the positive ones', () => {
    const words = [
      '赤泥',
      '芒果',
      '铝',
      '新材料',
      '芒果深加工',
      '  ',
      '',
      '农业',
      'AI',
      '赤泥综合',
      '新材料铝',
    ];
    const texts = [
      '赤泥综合利用关键技术研究 围绕赤泥综合利用开展关键技术攻关',
      '芒果采后保鲜与深加工', // "芒果深加工" is not in it, but close to a short text
      '芒果深加工!', // dice above 0.5 against a short text only
      '铝基新材料',
      '',
    ];
    const fields = ['new_materials', 'modern_agriculture', null];
    let seed = 7;
    const next = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor(seed / 65536) % n; // the LCG's high bits: its low ones cycle
    };
    const apps = Array.from({ length: 30 }, (_, i) => ({
      id: `a${i}`,
      keyField: fields[next(fields.length)],
      text: texts[next(texts.length)],
    }));
    const experts = Array.from({ length: 40 }, (_, i) => ({
      id: `e${i}`,
      keyFields: fields.filter((f): f is string => f !== null && next(2) === 0),
      keywords: Array.from({ length: next(4) }, () => words[next(words.length)]),
    }));
    const pairwise = apps.flatMap((a) =>
      experts
        .map((e) => ({ applicationId: a.id, expertId: e.id, affinity: affinityOf(e, a) }))
        .filter((x) => x.affinity > 0),
    );
    expect(positiveAffinities(apps, experts)).toEqual(pairwise);
    // The data reaches every kind of match: field only, keyword only, a near match, both.
    expect(new Set(pairwise.map((x) => x.affinity)).size).toBeGreaterThan(3);
    expect(
      affinityOf({ keyFields: [], keywords: ['芒果深加工'] }, { keyField: null, text: '芒果深加工!' }),
    ).toBe(0.4);
    expect(
      affinityOf({ keyFields: [], keywords: ['芒果深加'] }, { keyField: null, text: '芒果深加工' }),
    ).toBe(0.4);
  });
});
