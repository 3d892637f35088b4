import {
  approvalDecisionSchema,
  assertCorrectable,
  assertKnownTopics,
  assertGuideEditable,
  assertMayApprove,
  assertWithdrawable,
  correctionSchema,
  createGuideSchema,
  GUIDE_EDITABLE,
  GUIDE_STATUS_LABELS,
  GUIDE_STATUSES,
  GuideCommand,
  guideContentSchema,
  GuideStatus,
  nextGuideStatus,
  patchGuideSchema,
} from './guide';
import { ROLES } from '../kernel/roles';
import { caught, HAN } from '../kernel/spec-helpers';
import { parseOrThrow } from '../kernel/validation';
import { DomainError } from '../kernel/errors.rules';

const TOPIC_A = '2c5e8a1f-4b3d-4e6f-9a7b-1c2d3e4f5a6b';
const TOPIC_B = '9f8e7d6c-5b4a-4c3d-8e2f-1a0b9c8d7e6f';
const ORDER_MESSAGE = { zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' };

const validContent = {
  title: '2026 年度百色市重点研发计划申报指南',
  topicIds: [TOPIC_A, TOPIC_B],
  budgetCapFen: 500_000_00,
  totalBudgetFen: 3_000_000_00,
  windowStart: '2026-05-01T00:00:00+08:00',
  windowEnd: '2026-05-31T18:00:00+08:00',
};

function pathsOf(fn: () => unknown): string[] {
  return caught(fn).fields.map((f) => f.path);
}

const COMMANDS: GuideCommand[] = ['submit', 'return', 'publish', 'withdraw'];

describe('nextGuideStatus', () => {
  const allowed: Array<[GuideStatus, GuideCommand, GuideStatus, string]> = [
    ['draft', 'submit', 'in_review', 'guide.submitted_for_approval'],
    ['returned', 'submit', 'in_review', 'guide.submitted_for_approval'],
    ['in_review', 'return', 'returned', 'guide.returned'],
    ['in_review', 'publish', 'published', 'guide.published'],
    ['published', 'withdraw', 'withdrawn', 'guide.withdrawn'],
  ];

  it.each(allowed)('allows %s --%s--> %s (event %s)', (from, command, to, event) => {
    expect(nextGuideStatus(from, command)).toEqual({ from, to, event });
  });

  const refused = GUIDE_STATUSES.flatMap((from) =>
    COMMANDS.filter((cmd) => !allowed.some(([f, c]) => f === from && c === cmd)).map(
      (cmd) => [from, cmd] as const,
    ),
  );

  it('refuses every combination outside the table', () => {
    expect(refused).toHaveLength(GUIDE_STATUSES.length * COMMANDS.length - allowed.length);
  });

  it.each(refused)('refuses %s --%s--> with invalid_state (409)', (from, command) => {
    const error = caught(() => nextGuideStatus(from, command));

    expect(error.code).toBe('invalid_state');
    expect(error.status).toBe(409);
    expect(error.bilingual).toEqual({
      zh: `指南当前状态为“${GUIDE_STATUS_LABELS[from].zh}”，不能执行此操作`,
      en: `The guide is ${GUIDE_STATUS_LABELS[from].en.toLowerCase()}; this action is not allowed now`,
    });
  });

  it('explains publishing a draft that skipped review', () => {
    expect(caught(() => nextGuideStatus('draft', 'publish')).bilingual).toEqual({
      zh: '指南当前状态为“草稿”，不能执行此操作',
      en: 'The guide is draft; this action is not allowed now',
    });
  });

  it('treats withdrawn as final', () => {
    for (const command of COMMANDS) {
      expect(caught(() => nextGuideStatus('withdrawn', command)).bilingual.zh).toContain('已撤回');
    }
  });

  it.each(GUIDE_STATUSES)('has a Chinese and an English label for %s', (status) => {
    expect(GUIDE_STATUS_LABELS[status].zh).toMatch(HAN);
    expect(GUIDE_STATUS_LABELS[status].en.length).toBeGreaterThan(0);
  });
});

describe('assertGuideEditable', () => {
  it('allows editing a draft or a returned guide', () => {
    expect(GUIDE_EDITABLE).toEqual(['draft', 'returned']);
    expect(() => assertGuideEditable('draft')).not.toThrow();
    expect(() => assertGuideEditable('returned')).not.toThrow();
  });

  it.each(['in_review', 'published', 'withdrawn'] as const)(
    'refuses to edit a %s guide with invalid_state',
    (status) => {
      const error = caught(() => assertGuideEditable(status));

      expect(error.code).toBe('invalid_state');
      expect(error.bilingual.zh).toContain(GUIDE_STATUS_LABELS[status].zh);
      expect(error.bilingual.zh).toMatch(/不能直接修改/);
    },
  );

  it('points the editor of a published guide to a correction', () => {
    expect(caught(() => assertGuideEditable('published')).bilingual).toEqual({
      zh: '指南当前状态为“已发布”，不能直接修改（已发布的指南请发布更正版本）',
      en: 'The guide is published; it can no longer be edited (publish a correction instead)',
    });
  });
});

describe('assertCorrectable', () => {
  it('allows correcting a published guide', () => {
    expect(() => assertCorrectable('published')).not.toThrow();
  });

  it.each(['draft', 'in_review', 'returned', 'withdrawn'] as const)(
    'refuses to correct a %s guide with invalid_state',
    (status) => {
      const error = caught(() => assertCorrectable(status));

      expect(error.code).toBe('invalid_state');
      expect(error.bilingual).toEqual({
        zh: `指南当前状态为“${GUIDE_STATUS_LABELS[status].zh}”，不能发布更正`,
        en: `The guide is ${GUIDE_STATUS_LABELS[status].en.toLowerCase()}; only a published guide can be corrected`,
      });
    },
  );
});

describe('assertWithdrawable', () => {
  const windowStart = '2026-05-01T00:00:00+08:00';
  const start = Date.parse(windowStart);

  it('withdraws a published guide up to the last millisecond before the window opens', () => {
    const expected = { from: 'published', to: 'withdrawn', event: 'guide.withdrawn' };
    expect(assertWithdrawable('published', windowStart, start - 1)).toEqual(expected);
    expect(assertWithdrawable('published', windowStart, start - 30 * 24 * 3600 * 1000)).toEqual(expected);
  });

  it.each([
    ['exactly at', 0],
    ['one millisecond after', 1],
    ['a week after', 7 * 24 * 3600 * 1000],
  ])('refuses %s the window start', (_label, offset) => {
    const error = caught(() => assertWithdrawable('published', windowStart, start + offset));

    expect(error.code).toBe('invalid_state');
    expect(error.status).toBe(409);
    expect(error.bilingual).toEqual({
      zh: '申报窗口已开启，不能撤回指南',
      en: 'The application window has opened; the guide can no longer be withdrawn',
    });
  });

  it('compares the window start as an instant (offset honoured)', () => {
    // 2026-05-01T00:00:00+08:00 is 2026-04-30T16:00:00Z.
    expect(
      caught(() => assertWithdrawable('published', windowStart, Date.parse('2026-04-30T16:00:00Z'))).code,
    ).toBe('invalid_state');
    expect(() =>
      assertWithdrawable('published', windowStart, Date.parse('2026-04-30T15:59:59Z')),
    ).not.toThrow();
  });

  it.each(['draft', 'in_review', 'returned', 'withdrawn'] as const)(
    'refuses a %s guide by its state, even before the window',
    (status) => {
      const error = caught(() => assertWithdrawable(status, windowStart, start - 1));

      expect(error.code).toBe('invalid_state');
      expect(error.bilingual.zh).toBe(`指南当前状态为“${GUIDE_STATUS_LABELS[status].zh}”，不能执行此操作`);
    },
  );

  it('reports the state, not the window, for a draft after the window opened', () => {
    expect(caught(() => assertWithdrawable('draft', windowStart, start + 1)).bilingual.zh).toContain('草稿');
  });
});

describe('guideContentSchema', () => {
  it('accepts content and defaults intro and eligibility notes', () => {
    expect(parseOrThrow(guideContentSchema, validContent)).toEqual({
      ...validContent,
      intro: '',
      eligibilityNotes: '',
    });
  });

  it('trims the text fields', () => {
    const parsed = parseOrThrow(guideContentSchema, {
      ...validContent,
      title: '  申报指南标题  ',
      intro: '  说明  ',
      eligibilityNotes: '  资格  ',
    });
    expect([parsed.title, parsed.intro, parsed.eligibilityNotes]).toEqual(['申报指南标题', '说明', '资格']);
  });

  it('refuses a windowEnd equal to windowStart, on windowEnd', () => {
    const input = { ...validContent, windowEnd: validContent.windowStart };
    expect(caught(() => parseOrThrow(guideContentSchema, input)).fields).toEqual([
      { path: 'windowEnd', message: ORDER_MESSAGE },
    ]);
  });

  it('accepts a window one second long', () => {
    const input = { ...validContent, windowEnd: '2026-05-01T00:00:01+08:00' };
    expect(guideContentSchema.safeParse(input).success).toBe(true);
  });

  it('reports a malformed windowEnd once, without an ordering error', () => {
    expect(
      pathsOf(() => parseOrThrow(guideContentSchema, { ...validContent, windowEnd: '2026-05-31' })),
    ).toEqual(['windowEnd']);
  });

  it('needs at least one topic', () => {
    expect(pathsOf(() => parseOrThrow(guideContentSchema, { ...validContent, topicIds: [] }))).toEqual([
      'topicIds',
    ]);
  });

  it('points at a topic id that is not a UUID', () => {
    const topicIds = [TOPIC_A, 'topic-2'];
    expect(pathsOf(() => parseOrThrow(guideContentSchema, { ...validContent, topicIds }))).toEqual([
      'topicIds.1',
    ]);
  });

  it('accepts 100 topics and refuses 101', () => {
    const ids = (n: number) => Array.from({ length: n }, () => TOPIC_A);
    expect(guideContentSchema.safeParse({ ...validContent, topicIds: ids(100) }).success).toBe(true);
    expect(pathsOf(() => parseOrThrow(guideContentSchema, { ...validContent, topicIds: ids(101) }))).toEqual([
      'topicIds',
    ]);
  });

  it.each(['budgetCapFen', 'totalBudgetFen'])('accepts %s of 1 fen', (field) => {
    expect(guideContentSchema.safeParse({ ...validContent, [field]: 1 }).success).toBe(true);
  });

  it.each([
    ['budgetCapFen', 0],
    ['budgetCapFen', -100],
    ['budgetCapFen', 99.5],
    ['totalBudgetFen', 0],
    ['totalBudgetFen', '300000000'],
    ['totalBudgetFen', Number.MAX_SAFE_INTEGER + 2],
  ])('refuses %s = %p', (field, value) => {
    const paths = pathsOf(() => parseOrThrow(guideContentSchema, { ...validContent, [field]: value }));
    expect(paths.length).toBeGreaterThan(0);
    expect(new Set(paths)).toEqual(new Set([field]));
  });

  it('reports every missing field as required', () => {
    expect(caught(() => parseOrThrow(guideContentSchema, {})).fields).toEqual(
      ['title', 'topicIds', 'budgetCapFen', 'totalBudgetFen', 'windowStart', 'windowEnd'].map((path) => ({
        path,
        message: { zh: '必填字段', en: 'Required' },
      })),
    );
  });
});

describe('createGuideSchema', () => {
  it('defaults the approval chain to the admin', () => {
    expect(parseOrThrow(createGuideSchema, { templateCode: 'key_rd', content: validContent })).toEqual({
      templateCode: 'key_rd',
      approvalChain: ['admin'],
      content: { ...validContent, intro: '', eligibilityNotes: '' },
    });
  });

  it('keeps an approval chain of several roles in order', () => {
    const approvalChain = ['officer', 'admin'];
    expect(
      parseOrThrow(createGuideSchema, { templateCode: 'key_rd', approvalChain, content: validContent }),
    ).toEqual(expect.objectContaining({ approvalChain }));
  });

  it.each([
    ['an empty chain', []],
    ['an unknown role', ['director']],
    ['six steps', ['officer', 'admin', 'officer', 'admin', 'officer', 'admin']],
  ])('refuses %s', (_label, approvalChain) => {
    const paths = pathsOf(() =>
      parseOrThrow(createGuideSchema, { templateCode: 'key_rd', approvalChain, content: validContent }),
    );
    expect(paths.length).toBeGreaterThan(0);
    for (const path of paths) expect(path).toMatch(/^approvalChain(\.\d+)?$/);
  });

  it.each(ROLES)('accepts the role %s as an approval step', (role) => {
    const input = { templateCode: 'key_rd', approvalChain: [role], content: validContent };
    expect(createGuideSchema.safeParse(input).success).toBe(true);
  });

  it('reports every content error under content, at once', () => {
    const content = { ...validContent, windowEnd: validContent.windowStart, topicIds: [] };
    const paths = pathsOf(() => parseOrThrow(createGuideSchema, { templateCode: 'key_rd', content }));
    expect(paths).toEqual(['content.topicIds', 'content.windowEnd']);
  });

  it('reports the window order under content.windowEnd', () => {
    const content = { ...validContent, windowEnd: validContent.windowStart };
    expect(caught(() => parseOrThrow(createGuideSchema, { templateCode: 'key_rd', content })).fields).toEqual(
      [{ path: 'content.windowEnd', message: ORDER_MESSAGE }],
    );
  });

  it('refuses unknown keys because it is strict', () => {
    const error = caught(() =>
      parseOrThrow(createGuideSchema, { templateCode: 'key_rd', content: validContent, status: 'published' }),
    );
    expect(error.fields.map((f) => f.path)).toEqual(['(root)']);
    expect(error.fields[0].message.en).toContain('status');
  });

  it.each([
    ['missing', undefined],
    ['empty', ''],
    ['over 64 characters', 'k'.repeat(65)],
  ])('refuses a template code that is %s', (_label, templateCode) => {
    expect(pathsOf(() => parseOrThrow(createGuideSchema, { templateCode, content: validContent }))).toEqual([
      'templateCode',
    ]);
  });
});

describe('patchGuideSchema', () => {
  it('refuses an empty patch with a bilingual message', () => {
    expect(caught(() => parseOrThrow(patchGuideSchema, {})).fields).toEqual([
      { path: '(root)', message: { zh: '至少修改一个字段', en: 'Change at least one field' } },
    ]);
  });

  it.each(['status', 'approvalChain', 'templateCode'])(
    'refuses the unknown key %s because it is strict',
    (key) => {
      const error = caught(() => parseOrThrow(patchGuideSchema, { title: '新的指南标题', [key]: 'x' }));

      expect(error.fields).toHaveLength(1);
      expect(error.fields[0].path).toBe('(root)');
      expect(error.fields[0].message.en).toContain(key);
      expect(error.fields[0].message.zh).toMatch(HAN);
    },
  );

  it('returns only the fields given, without defaults', () => {
    expect(parseOrThrow(patchGuideSchema, { intro: '  新的说明  ' })).toEqual({ intro: '新的说明' });
  });

  it('checks the window order when both ends are given', () => {
    const patch = { windowStart: '2026-06-01T00:00:00Z', windowEnd: '2026-05-31T00:00:00Z' };
    expect(caught(() => parseOrThrow(patchGuideSchema, patch)).fields).toEqual([
      { path: 'windowEnd', message: ORDER_MESSAGE },
    ]);
  });

  it('accepts a single window end (checked against the stored start elsewhere)', () => {
    expect(parseOrThrow(patchGuideSchema, { windowEnd: '2026-06-30T18:00:00+08:00' })).toEqual({
      windowEnd: '2026-06-30T18:00:00+08:00',
    });
  });

  it('validates the fields it is given', () => {
    const patch = { title: 'abc', topicIds: [], budgetCapFen: 0 };
    expect(pathsOf(() => parseOrThrow(patchGuideSchema, patch))).toEqual([
      'title',
      'topicIds',
      'budgetCapFen',
    ]);
  });
});

describe('correctionSchema', () => {
  it.each([
    [{ changeNote: '更正联系电话号码', eligibilityNotes: '联系电话：0776-2821234' }],
    [{ changeNote: '修正标题错别字', title: '2026 年度百色市重点研发计划申报指南（更正）' }],
    [{ changeNote: '删除过时说明', intro: '' }],
  ])('accepts the correction %p', (input) => {
    expect(parseOrThrow(correctionSchema, input)).toEqual(input);
  });

  it.each([
    ['missing', undefined],
    ['four characters', '改错别字'],
    ['padded to five with spaces', '  改错别字  '],
  ])('refuses a change note that is %s, on changeNote', (_label, changeNote) => {
    expect(pathsOf(() => parseOrThrow(correctionSchema, { changeNote, title: '新的指南标题' }))).toEqual([
      'changeNote',
    ]);
  });

  it('refuses a correction that changes no text', () => {
    expect(caught(() => parseOrThrow(correctionSchema, { changeNote: '没有实际修改内容' })).fields).toEqual([
      {
        path: '(root)',
        message: { zh: '更正须修改至少一处文字', en: 'A correction must change at least one text field' },
      },
    ]);
  });

  it.each([
    ['windowEnd', '2026-06-30T18:00:00+08:00'],
    ['windowStart', '2026-05-02T00:00:00+08:00'],
    ['topicIds', [TOPIC_A]],
    ['budgetCapFen', 100],
    ['totalBudgetFen', 100],
  ])('refuses a correction of %s (a new guide is needed)', (key, value) => {
    const error = caught(() =>
      parseOrThrow(correctionSchema, { changeNote: '延长申报截止时间', title: '新的指南标题', [key]: value }),
    );

    expect(error.code).toBe('validation_failed');
    expect(error.fields.map((f) => f.path)).toEqual(['(root)']);
    expect(error.fields[0].message.en).toContain(key);
  });

  it('validates the corrected title like the original', () => {
    expect(
      pathsOf(() => parseOrThrow(correctionSchema, { changeNote: '修正标题错别字', title: '标题' })),
    ).toEqual(['title']);
  });
});

describe('approvalDecisionSchema', () => {
  const COMMENTS_MESSAGE = {
    zh: '退回时须填写意见（不少于 5 个字）',
    en: 'A return needs comments (at least 5 characters)',
  };

  it('accepts an approval without comments', () => {
    expect(parseOrThrow(approvalDecisionSchema, { decision: 'approve' })).toEqual({ decision: 'approve' });
  });

  it('accepts a return with comments of exactly 5 characters, trimmed', () => {
    expect(parseOrThrow(approvalDecisionSchema, { decision: 'return', comments: '  预算需核减  ' })).toEqual({
      decision: 'return',
      comments: '预算需核减',
    });
  });

  it.each([undefined, '', '预算过高', '   预算过高   '])('refuses a return with comments %p', (comments) => {
    expect(
      caught(() => parseOrThrow(approvalDecisionSchema, { decision: 'return', comments })).fields,
    ).toEqual([{ path: 'comments', message: COMMENTS_MESSAGE }]);
  });

  it('refuses an unknown decision', () => {
    expect(pathsOf(() => parseOrThrow(approvalDecisionSchema, { decision: 'publish' }))).toEqual([
      'decision',
    ]);
  });
});

describe('assertMayApprove', () => {
  const DRAFTER = 'a1b2c3d4-0000-4000-8000-000000000001';
  const REVIEWER = 'a1b2c3d4-0000-4000-8000-000000000002';

  it('lets a different person with the step role approve', () => {
    expect(() => assertMayApprove({ id: REVIEWER, roles: ['admin'] }, 'admin', DRAFTER)).not.toThrow();
    expect(() =>
      assertMayApprove({ id: REVIEWER, roles: ['officer', 'admin'] }, 'officer', DRAFTER),
    ).not.toThrow();
  });

  it('refuses the drafter, even with the step role, with forbidden (403)', () => {
    const error = caught(() =>
      assertMayApprove({ id: DRAFTER, roles: ['officer', 'admin'] }, 'admin', DRAFTER),
    );

    expect(error.code).toBe('forbidden');
    expect(error.status).toBe(403);
    expect(error.bilingual).toEqual({
      zh: '起草人不能审核自己的指南',
      en: 'The drafter cannot approve their own guide',
    });
  });

  it('refuses someone without the step role, naming the role', () => {
    const error = caught(() => assertMayApprove({ id: REVIEWER, roles: ['officer'] }, 'admin', DRAFTER));

    expect(error.code).toBe('forbidden');
    expect(error.bilingual.zh).toMatch(HAN);
    expect(error.bilingual.zh).toBe('当前审核环节须由“系统管理员”处理');
    expect(error.bilingual.en).toBe('The current approval step belongs to the Administrator role');
  });
});

describe('assertKnownTopics', () => {
  it('passes when every topic exists, and names each unknown one at its field', () => {
    expect(() => assertKnownTopics([])).not.toThrow();
    try {
      assertKnownTopics(['content.topicIds.1']);
      throw new Error('expected a refusal');
    } catch (err) {
      expect((err as DomainError).status).toBe(400);
      expect((err as DomainError).fields).toEqual([
        {
          path: 'content.topicIds.1',
          message: { zh: '指南方向或榜单不存在', en: 'Topic or challenge not found' },
        },
      ]);
    }
  });
});
