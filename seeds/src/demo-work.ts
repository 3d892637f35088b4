/**
 * The demo's second part: work waiting on each demo login's home (the task inbox), played through
 * the API after the challenge list (demo-scenario.ts). Three calls close within seconds so that
 * their later steps can run now:
 *
 * - a 重点研发计划 guide, open for 30 days: 李明 (`applicant`) has a draft on it; 黎明华 of the
 *   same college has submitted, and the application awaits `inst-admin`'s endorsement;
 * - 芒果产业科技攻关 (closed): three applications passed the formal check and a review round drew
 *   农艳 (`expert`, the best match of the pool by keywords, with no conflict of interest); she has
 *   accepted one review and has two invitations to answer;
 * - 自由申报 (closed): two applications wait for the `officer`'s formal check;
 * - a directed commission (定向委托) to 百色学院 on the demo's copy of the directed program with an
 *   8-second notice: awarded, signed by the three parties, so 李明 runs a project (its first
 *   progress report is next) and the officer has its first installment to approve.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Call } from './demo-client';
import { until } from './demo-client';

const DAY = 24 * 3600 * 1000;
/** How long the short calls stay open: the demo's submissions take a few seconds of it, more on a busy machine. */
const SHORT_WINDOW_MS = 30_000;

/** The program the demo's directed commission follows (a copy of it: demoTemplate). */
export const DEMO_TEMPLATE_OF = 'directed-key-industry';

/**
 * The demo's copy of the directed program: the same program under a name that says it is the
 * demo's, with a public notice of seconds (durations are data), so the award is final at once.
 */
export function demoTemplate(seeded: Record<string, any>): Record<string, any> {
  const template = structuredClone(seeded);
  template.code = `demo-${seeded.code}`;
  template.name = {
    zh: `【演示】${seeded.name.zh}（公示期 8 秒）`,
    en: `[Demo] ${seeded.name.en} (8-second notice)`,
  };
  template.durations = { ...seeded.durations, noticePeriod: 'PT8S' };
  return template;
}

/**
 * The mango call's review pool (seeds/data/experts.json): agricultural experts by their keywords,
 * 农艳 (`expert`) among them, and two finance experts (a panel needs one).
 */
export const REVIEW_POOL = { keywords: ['芒果', '设施农业', '油茶', '科研经费审计', '项目预算'] };

const BAISE_UNIVERSITY = '0b7c1c3e-6d1a-4c55-9a4e-1a2b3c4d5e02';

/** A one-page PDF: enough for the attachment's content check (%PDF-) and a real viewer. */
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

export type Content = Record<string, unknown>;

export function loadApplications(): Record<string, Content> {
  const data: { base: Content; applications: Record<string, Content> } = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../data/demo-applications.json'), 'utf8'),
  );
  return Object.fromEntries(
    Object.entries(data.applications).map(([key, a]) => [key, { ...data.base, ...a }]),
  );
}

/** What the demo logins find, for the closing message. */
export interface DemoWork {
  keyRdCallId: string;
  reviewCallId: string;
  checkCallId: string;
  projectId: string;
}

export async function playWork(
  call: Call,
  login: (username: string) => Promise<string>,
  accepted: { demandIds: (keyword: string) => string[] },
): Promise<DemoWork> {
  const apps = loadApplications();
  const [officer, admin, li, wei, qin, li2, lu, luo, instAdmin, expert] = await Promise.all(
    [
      'officer',
      'admin',
      'applicant',
      'applicant2',
      'applicant3',
      'applicant4',
      'applicant5',
      'enterprise',
      'inst-admin',
      'expert',
    ].map(login),
  );

  // The demo's program: the directed one with a public notice of seconds, so its award is final now.
  const template = demoTemplate(
    (await call(admin, 'GET', `/program-templates/${DEMO_TEMPLATE_OF}`)).template,
  );
  await call(admin, 'POST', '/program-templates', template);

  // Topics condensed from accepted demands not on the challenge list.
  const topic = (title: string, keyField: string, problem: string, fundingFen: number, keyword: string) =>
    call(officer, 'POST', '/topics', {
      kind: 'topic',
      title,
      keyField,
      problem,
      fundingFen,
      demandIds: accepted.demandIds(keyword),
    });
  const manganese = await topic(
    '锰系新能源电池材料关键技术研究',
    'new_materials',
    '依托靖西锰资源，突破尖晶石型锰酸锂等正极材料制备关键技术，延伸锰产业链。',
    100_000_000,
    '锰酸锂',
  );
  const herbs = await topic(
    '百色特色中药材与民族医药研究',
    'biopharma',
    '开展百色特色中药材、壮瑶药材的提取、质量标准与炮制工艺研究。',
    60_000_000,
    '中药材',
  );
  const tea = await topic(
    '优异茶树新品种选育与良种繁育',
    'modern_agriculture_forestry',
    '围绕凌云白毫等地方茶树品种，开展优异单株选育、快繁技术研究与良种繁育基地建设。',
    50_000_000,
    '茶树',
  );
  const redMud = await topic(
    '赤泥制备新型建材关键技术（定向委托）',
    'eco_aluminium',
    '委托具备研究基础的单位攻关赤泥制备新型建材与铁精矿回收技术，建成中试线。',
    100_000_000,
    '赤泥综合利用关键技术',
  );

  // The 重点研发计划 guide, open for 30 days.
  const now = Date.now();
  const guide = await call(officer, 'POST', '/guides', {
    templateCode: 'key-rd',
    content: {
      title: '2026年百色市重点研发计划项目申报指南',
      intro: '围绕新材料、生物医药、现代农业等重点产业，支持关键核心技术攻关与成果转化。',
      topicIds: [manganese.id, herbs.id, tea.id],
      budgetCapFen: 50_000_000,
      totalBudgetFen: 210_000_000,
      windowStart: new Date(now - 60_000).toISOString(),
      windowEnd: new Date(now + 30 * DAY).toISOString(),
    },
  });
  await call(officer, 'POST', `/guides/${guide.id}/submit`);
  const keyRdCallId: string = (
    await call(admin, 'POST', `/guides/${guide.id}/approval`, { decision: 'approve' })
  ).callId;

  // Three calls that close in seconds; everything they need before the close is filed meanwhile.
  const opened = Date.now();
  const shortWindow = {
    windowStart: new Date(opened - 60_000).toISOString(),
    windowEnd: new Date(opened + SHORT_WINDOW_MS).toISOString(),
  };
  const [review, check, directed] = await Promise.all([
    call(officer, 'POST', '/calls', {
      title: '2026年百色市芒果产业科技攻关项目（第一批）',
      mode: 'open_competition',
      ...shortWindow,
      budgetCapFen: 50_000_000,
      totalBudgetFen: 150_000_000,
    }),
    call(officer, 'POST', '/calls', {
      title: '2026年百色市科技计划自由申报项目（第一批）',
      mode: 'open_competition',
      ...shortWindow,
      budgetCapFen: 50_000_000,
      totalBudgetFen: 100_000_000,
    }),
    call(officer, 'POST', '/calls', {
      title: '赤泥制备新型建材关键技术定向委托项目',
      mode: 'directed',
      ...shortWindow,
      budgetCapFen: 100_000_000,
      totalBudgetFen: 100_000_000,
      invitedInstitutionIds: [BAISE_UNIVERSITY],
      templateCode: template.code,
      topicId: redMud.id,
    }),
  ]);

  /** A draft with every document the program asks for, submitted with the PI's integrity pledge. */
  const submit = async (token: string, callId: string, content: Content, topicId?: string) => {
    const draft = await call(token, 'POST', '/applications', {
      callId,
      ...(topicId ? { topicId } : {}),
      ...content,
    });
    const { required } = await call<{ required: Array<{ code: string; present: boolean }> }>(
      token,
      'GET',
      `/applications/${draft.id}/attachments`,
    );
    for (const d of required.filter((x) => !x.present)) {
      const q = new URLSearchParams({ document: d.code, name: `${d.code}.pdf` });
      await call(token, 'POST', `/applications/${draft.id}/attachments?${q}`, TINY_PDF);
    }
    await call(token, 'POST', `/applications/${draft.id}/submit`, { integrityPledge: true });
    return draft.id as string;
  };
  const [reviewed, , commissioned] = await Promise.all([
    Promise.all([
      submit(li, review.id, apps.mangoPostharvest),
      submit(wei, review.id, apps.mangiferin),
      submit(qin, review.id, apps.mangoGallMidge),
    ]),
    Promise.all([submit(lu, check.id, apps.zhuangYaoHerbs), submit(luo, check.id, apps.aluminiumWheels)]),
    submit(li, directed.id, apps.redMudCommission),
    // On the open guide: a submission awaiting the college's endorsement, and 李明's draft.
    submit(li2, keyRdCallId, apps.teaBreeding, tea.id),
    call(li, 'POST', '/applications', { callId: keyRdCallId, topicId: manganese.id, ...apps.manganeseDraft }),
  ]);

  // After the close: the formal check (RULES §14).
  const closed = (id: string) =>
    until(
      `call ${id} closed`,
      () => call(officer, 'GET', `/calls/${id}`),
      (c) => c.status === 'closed',
      SHORT_WINDOW_MS + 30_000,
    );
  await Promise.all([closed(review.id), closed(check.id), closed(directed.id)]);
  await Promise.all(
    [...reviewed, commissioned].map((id) =>
      call(officer, 'POST', `/applications/${id}/formal-check`, { decision: 'pass' }),
    ),
  );

  const [projectId] = await Promise.all([
    commission(call, [officer, admin, li, instAdmin], directed.id, commissioned),
    reviewRound(call, officer, expert, review.id),
  ]);
  return { keyRdCallId, reviewCallId: review.id, checkCallId: check.id, projectId };
}

/**
 * The review round of the mango call: three experts per application, the best matches of
 * REVIEW_POOL. 农艳 matches every application best (芒果…) and has no conflict with their
 * institutions, so she sits on each panel. She accepts the first invitation; the others wait on
 * her home.
 */
async function reviewRound(call: Call, officer: string, expert: string, callId: string) {
  const round = await call(officer, 'POST', `/calls/${callId}/review-rounds`, {
    strategy: 'optimal',
    expertsPerApplication: 3,
    responseWindow: 'P7D',
    pool: REVIEW_POOL,
  });
  const mine = await until(
    'the demo expert invited',
    () => call(expert, 'GET', '/reviews/mine?limit=50'),
    (r) => r.items.some((a: { roundId: string }) => a.roundId === round.id),
  );
  const first = mine.items.find((a: { roundId: string }) => a.roundId === round.id);
  // The invitation's workflow may still be starting: asked again until it answers.
  await until(
    'the demo expert accepts a review',
    () => call(expert, 'POST', `/reviews/${first.id}/response`, { decision: 'accept' }),
    () => true,
  );
}

/**
 * The directed commission: its plan awarded its request without a review round (a proposal needs
 * only applications that passed the formal check), approved, final after the demo program's
 * notice, and signed by the PI, the college and the bureau. Answers the project the signing started.
 */
async function commission(
  call: Call,
  [officer, admin, pi, host]: [string, string, string, string],
  callId: string,
  applicationId: string,
): Promise<string> {
  const award = await call(officer, 'POST', `/calls/${callId}/awards`, {
    items: [{ applicationId, amountFen: 30_000_000 }],
    note: '实施方案经专家论证，同意定向委托立项',
  });
  await call(admin, 'POST', `/awards/${award.id}/approval`, { decision: 'approve' });
  await until(
    'the award final after its notice',
    () => call(officer, 'GET', `/awards/${award.id}`),
    (a) => a.status === 'final',
    60_000,
  );
  const { items } = await until(
    'the agreement drawn up',
    () => call(officer, 'GET', `/awards/${award.id}/agreements`),
    (r) => Array.isArray(r.items) && r.items.length === 1,
  );
  await call(pi, 'POST', `/agreements/${items[0].id}/signatures`);
  await call(host, 'POST', `/agreements/${items[0].id}/signatures`);
  const signed = await call(officer, 'POST', `/agreements/${items[0].id}/signatures`);
  return signed.projectId;
}
