import type { Browser } from 'playwright-core';
import {
  as,
  attachRequired,
  closeDb,
  type Client,
  completeDraft,
  createCall,
  login,
  SIGN,
  until,
} from './support/api';
import { axeViolations, contextFor, launchChromium, portal } from './support/browser';
import { waitForClose } from './support/flows';
import { inboxItem } from './support/portal-inbox';

// The expert's pages in Chromium against the real stack: the invitation in the inbox, the blind
// review page (application beside the rubric), drafts, a failed submission that loses nothing,
// the score reaching the API, and the inbox emptied.
let browser: Browser;
let officer: Client;
let applicant2: Client;
let expert: Client;
let assignmentId: string;
// Two more experts of the same round's pool, drawn to the same application: one declines, one recuses.
let decliner: Client;
let recuser: Client;
let declinedId: string;
let recusedId: string;
let applicationId: string;
const run = Date.now().toString(36);
const title = `门户盲评测试${run}`;

beforeAll(async () => {
  browser = await launchChromium();
  [officer, applicant2] = await Promise.all([as('officer'), as('applicant2')]);
  // A call with one application that passed the formal check, and a round drawing three experts
  // of this run to it.
  const call = await createCall(officer, { closesInMs: 10_000 });
  const app = await applicant2.post('/applications', { callId: call.id, ...completeDraft, title });
  expect(app.status).toBe(201);
  applicationId = app.body.id;
  await attachRequired(applicant2, applicationId);
  expect((await applicant2.post(`/applications/${applicationId}/submit`, SIGN)).status).toBe(200);
  await waitForClose(officer, call.id);
  expect(
    (await officer.post(`/applications/${applicationId}/formal-check`, { decision: 'pass' })).status,
  ).toBe(200);
  const tag = `门户评审池${run}`;
  // Experts of this run only (their inboxes hold nothing else), each of another organisation.
  const poolExpert = async (n: number) => {
    const created = await officer.post('/experts', {
      name: `门户专家${run.slice(-4)}${n}`,
      title: '教授',
      organisation: `门户专家单位${run}-${n}`,
      keyFields: ['new_materials'],
      keywords: [tag],
      region: '广西百色',
      finance: true,
      loadCap: 5,
      externalRef: `WEB-${run}-${n}`,
      account: { username: `web${run}${n}`, password: 'web-expert-2026' },
    });
    expect(created.status).toBe(201);
    return { id: created.body.id as string, client: await login(`web${run}${n}`, 'web-expert-2026') };
  };
  const [first, second, third] = await Promise.all([1, 2, 3].map(poolExpert));
  [expert, decliner, recuser] = [first.client, second.client, third.client];
  const round = await officer.post(`/calls/${call.id}/review-rounds`, {
    expertsPerApplication: 3,
    pool: { keywords: [tag] },
  });
  expect(round.status).toBe(201);
  const invitationOf = (e: { id: string }) =>
    (round.body.assignments as { id: string; expertId: string }[]).find((a) => a.expertId === e.id)!.id;
  [assignmentId, declinedId, recusedId] = [first, second, third].map(invitationOf);
  // Listed to the expert once its review's workflow runs (a moment after the draw).
  await until(mine, (a) => a !== undefined);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await closeDb();
});

/** The invitation `id` as its expert's list shows it. */
const invitation = async (client: Client, id: string) =>
  ((await client.get('/reviews/mine?limit=200')).body.items as any[]).find((a) => a.id === id);
const mine = () => invitation(expert, assignmentId);

describe('the expert in the portal', () => {
  it('accepts the invitation from the inbox and scores blind; the score reaches the API and the inbox empties', async () => {
    const context = await contextFor(browser, { token: expert.token });
    const page = await context.newPage();
    await page.goto(portal('/work'));
    const item = await inboxItem(page, title, { kind: /评审邀请/ });
    expect(item).not.toBeNull();
    await item!.click();
    await page.waitForURL(portal(`/work/expert/reviews/${assignmentId}`));
    await page.getByRole('heading', { name: `评审：${title}` }).waitFor();
    await page.getByTestId('application-content').waitFor();
    expect(await axeViolations(page)).toEqual([]);

    // Blind: the page shows the work, never who applied (the PI, the team, the institution).
    const who = (await applicant2.get('/auth/me')).body;
    const opened = await expert.get(`/reviews/${assignmentId}/application`);
    expect(opened.body).toMatchObject({ blind: true, application: { applicant: null, institution: null } });
    const text = await page.getByRole('main').first().innerText();
    expect(text).toContain(completeDraft.objectives);
    for (const name of [
      who.displayName,
      completeDraft.pi.name,
      '黄华',
      '陆军',
      '平果铝业有限公司',
      '百色学院',
    ])
      expect(text).not.toContain(name);

    await page.getByRole('button', { name: '接受邀请' }).click();
    await page.getByText('已接受邀请').waitFor();
    const scoreBy = (await mine()).scoreBy;
    expect(scoreBy).not.toBeNull();
    await page
      .getByTestId('score-by')
      .getByText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/)
      .waitFor();

    // Scores, and the comments the rubric requires.
    const score = async (key: string, value: string, comment?: string) => {
      const card = page.getByTestId(`criterion-${key}`);
      await card.getByRole('spinbutton').fill(value);
      if (comment) await card.getByRole('textbox').fill(comment);
    };
    await score('innovation', '80', '创新性较强，技术路线有特色。');
    await score('feasibility', '90', '实施方案可行，基础条件较好。');
    await score('team', '70');
    await score('benefit', '60');
    await page.getByTestId('weighted-score').getByText('加权总分：77').waitFor();

    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.getByText('草稿已保存').waitFor();
    expect((await mine()).sheet.criteria.innovation.score).toBe(80);

    // Submitting without the overall comment: refused on the field, nothing typed is lost.
    await page.getByRole('button', { name: '提交评分' }).click();
    await page.getByText('请填写总体评价（不少于 10 个字）').first().waitFor();
    expect(await page.getByTestId('criterion-innovation').getByRole('spinbutton').inputValue()).toMatch(
      /^80(\.0)?$/,
    );
    expect(await page.getByTestId('criterion-feasibility').getByRole('textbox').inputValue()).toBe(
      '实施方案可行，基础条件较好。',
    );
    expect((await mine()).status).toBe('accepted');

    await page.getByLabel('总体评价（不少于 10 个字）').fill('项目目标明确，建议立项并加强成果转化。');
    await page.getByRole('button', { name: '提交评分' }).click();
    await page.getByText('评分已提交').waitFor();
    const done = await mine();
    expect(done.status).toBe('submitted');
    expect(done.weightedScore).toBe(77);
    expect(done.sheet.criteria.feasibility).toEqual({ score: 90, comment: '实施方案可行，基础条件较好。' });

    await page.goto(portal('/work'));
    await page.getByText('暂无待办事项').waitFor();
    expect(await axeViolations(page)).toEqual([]);
    await context.close();
  }, 180_000);

  it('declines one invitation with a reason; another expert declares a conflict; both are recorded', async () => {
    for (const [client, id, button, reasonLabel, reason, confirm, done, status] of [
      // antd spaces out a two-character label (谢 绝).
      [
        decliner,
        declinedId,
        /^谢\s?绝$/,
        '谢绝原因',
        '近期出差，无法按期完成评审。',
        '确认谢绝',
        '已谢绝邀请',
        'declined',
      ],
      [
        recuser,
        recusedId,
        /^声明回避$/,
        '回避理由（利益冲突说明）',
        '本人曾与申报团队合作承担相关课题。',
        '确认回避',
        '已声明回避，将另行抽取专家',
        'recused',
      ],
    ] as const) {
      await until(
        () => invitation(client, id),
        (a) => a !== undefined,
      );
      const context = await contextFor(browser, { token: client.token });
      const page = await context.newPage();
      await page.goto(portal(`/work/expert/reviews/${id}`));
      await page.getByRole('heading', { name: `评审：${title}` }).waitFor();
      await page.getByRole('button', { name: button }).click();
      // The reason is required: an empty one is refused on the field before anything is sent.
      await page.getByRole('button', { name: confirm }).click();
      await page.getByText('此项必填').waitFor();
      expect((await invitation(client, id)).status).toBe('invited');
      await page.getByLabel(reasonLabel).fill(reason);
      await page.getByRole('button', { name: confirm }).click();
      await page.getByText(done).waitFor();
      await page
        .getByTestId('review-status')
        .getByText(status === 'declined' ? '已谢绝' : '已回避（本人申请）')
        .waitFor();
      // Answered: the invitation's buttons are gone.
      expect(await page.getByRole('button', { name: '接受邀请' }).count()).toBe(0);
      expect(await axeViolations(page)).toEqual([]);
      expect(await invitation(client, id)).toMatchObject({
        status,
        reason,
        recusal: status === 'recused' ? 'self' : null,
      });
      await context.close();
    }
  }, 120_000);

  it.each(['zh', 'en'] as const)(
    'passes axe on each expert page in %s',
    async (lang) => {
      const context = await contextFor(browser, { token: expert.token, lang });
      const page = await context.newPage();
      const pages: Array<[string, string]> = [
        ['/work', lang === 'zh' ? '我的待办' : 'My tasks'],
        ['/work/expert/reviews', title],
        ['/work/expert/panels', lang === 'zh' ? '项目专家组' : 'Project panels'],
        [`/work/expert/reviews/${assignmentId}`, lang === 'zh' ? '评分表' : 'Score sheet'],
      ];
      for (const [route, heading] of pages) {
        await page.goto(portal(route));
        await page.getByText(heading).first().waitFor();
        expect({ route, violations: await axeViolations(page) }).toEqual({ route, violations: [] });
      }
      await context.close();
    },
    120_000,
  );
});
