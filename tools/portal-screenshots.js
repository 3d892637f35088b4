#!/usr/bin/env node
// Screenshots of the portal's main pages into docs/screenshots/ (linked from the README), taken in
// Debian's Chromium with playwright-core. Against a stack at the given URL, or, without one, a
// stack of its own on a fresh database with the demo data (stopped and dropped afterwards).
// Chinese text needs a CJK font in the system: apt-get install -y fonts-wqy-microhei.
//   node tools/portal-screenshots.js                         own stack
//   node tools/portal-screenshots.js http://127.0.0.1:3000   a running `npm start`
const fs = require('node:fs');
const path = require('node:path');
const { chromium } = require('playwright-core');
const { root } = require('./swc');

const OUT = path.join(root, 'docs/screenshots');
const PASSWORD = require(path.join(root, 'seeds/data/demo.json')).password;

async function api(base, token, method, route, body) {
  const res = await fetch(base + route, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body ? { 'content-type': 'application/json' } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json().catch(() => null);
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const login = async (base, username) =>
  (await api(base, null, 'POST', '/auth/login', { username, password: PASSWORD })).accessToken;

/** A draft application with a budget on the demo's open call, for the form's picture. */
async function draftApplication(base) {
  const applicant = await login(base, 'applicant');
  const guides = await api(base, null, 'GET', '/public/guides?limit=20');
  const open = guides.items.find((g) => g.callId && Date.parse(g.content.windowEnd) > Date.now());
  if (!open) return null;
  const mine = await api(base, applicant, 'GET', '/applications/mine?limit=50');
  const existing = mine.items.find((a) => a.callId === open.callId && a.status === 'draft');
  if (existing) return existing.id;
  const app = await api(base, applicant, 'POST', '/applications', {
    callId: open.callId,
    ...(open.mode === 'challenge' ? { topicId: open.topics[0].id } : {}),
    title: '赤泥综合利用关键技术研究',
    summary: '以赤泥为原料制备新型建材并回收铁精矿，降低外排赤泥量。',
    requestedFen: 30_000_000,
    objectives: '形成赤泥制备新型建材成套技术一项，建成中试线一条，赤泥综合利用率提高到 30% 以上。',
    technicalRoute: '赤泥脱碱预处理 → 配料与成型工艺优化 → 中试线验证 → 产品性能检测与标准制定。',
    budget: {
      equipment: [{ item: '成型试验机', amountFen: 5_000_000 }],
      business: [
        { item: '材料费', amountFen: 12_000_000 },
        { item: '测试化验加工费', amountFen: 8_000_000 },
      ],
      labour: [{ item: '研究生劳务', amountFen: 5_000_000 }],
      indirectFen: 3_000_000,
      selfFundingFen: 3_000_000,
      coFundingFen: 0,
    },
  });
  return app.id;
}

async function shoot(base) {
  fs.mkdirSync(OUT, { recursive: true });
  const browser = await chromium.launch({
    executablePath: process.env.KJ_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox'],
  });
  const shots = [];
  const take = async (name, { user, lang = 'zh', route, waitFor, fullPage = false }) => {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 860 } });
    const storage = { 'kjflow.lang': lang, ...(user ? { 'kjflow.token': await login(base, user) } : {}) };
    await context.addInitScript(
      `(() => { const s = ${JSON.stringify(storage)}; for (const k in s) localStorage.setItem(k, s[k]); })()`,
    );
    const page = await context.newPage();
    await page.goto(`${base}/portal${route}`);
    await page.getByText(waitFor).first().waitFor({ timeout: 30_000 });
    // Polled inside one evaluation: waitForFunction evals a string, which the portal's CSP refuses.
    await page.evaluate(
      `new Promise((done) => (function poll() {
        if (!document.querySelector('.ant-spin-spinning')) done(true); else setTimeout(poll, 50);
      })())`,
    );
    await page.waitForTimeout(300); // antd's entry animations
    const file = path.join(OUT, `${name}.png`);
    await page.screenshot({ path: file, fullPage });
    shots.push(path.relative(root, file));
    await context.close();
  };
  try {
    const guides = await api(base, null, 'GET', '/public/guides?limit=1');
    await take('public-open-calls', { route: '/', waitFor: '正在申报' });
    if (guides.items[0])
      await take('public-guide', { route: `/public/guides/${guides.items[0].id}`, waitFor: '历次发布版本' });
    await take('login', { route: '/login', waitFor: '演示账号' });
    await take('applicant-home', { user: 'applicant', route: '/work', waitFor: '我的申报书' });
    const appId = await draftApplication(base);
    if (appId)
      await take('application-form', {
        user: 'applicant',
        route: `/work/applications/${appId}`,
        waitFor: '经费预算合计',
        fullPage: true,
      });
    await take('officer-home-en', { user: 'officer', lang: 'en', route: '/work', waitFor: 'Calls' });
    await take('expert-home', { user: 'expert', route: '/work', waitFor: '评审邀请与评审任务' });
    // The pages the demo's work reaches (seeds/src/demo-work.ts): a blind review to score, a
    // formal-check queue, a project in execution.
    const expert = await login(base, 'expert');
    const reviews = await api(base, expert, 'GET', '/reviews/mine?limit=50');
    const accepted = reviews.items.find((r) => r.status === 'accepted');
    if (accepted)
      await take('expert-review', {
        user: 'expert',
        route: `/work/expert/reviews/${accepted.id}`,
        waitFor: '评分表',
        fullPage: true,
      });
    const officer = await login(base, 'officer');
    const calls = await api(base, officer, 'GET', `/calls?status=closed&q=${encodeURIComponent('自由申报')}`);
    if (calls.items[0])
      await take('officer-formal-check', {
        user: 'officer',
        route: `/work/calls/${calls.items[0].id}/formal-check`,
        waitFor: '形式审查',
      });
    const projects = await api(base, await login(base, 'applicant'), 'GET', '/projects/mine?limit=5');
    if (projects.items[0])
      await take('applicant-project', {
        user: 'applicant',
        route: `/work/projects/${projects.items[0].id}`,
        waitFor: '项目时间线',
        fullPage: true,
      });
  } finally {
    await browser.close();
  }
  return shots;
}

async function main() {
  const given = process.argv[2];
  if (given) return shoot(given.replace(/\/$/, ''));
  const { build } = require('./build');
  const { startStack } = require('./stack');
  await build({ ifStale: true });
  const base = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/kjflow');
  base.pathname = `/kjflow_shots_${Date.now()}`;
  const { dropDatabase } = require(path.join(root, 'dist/libs/persistence/src'));
  let stack;
  try {
    stack = await startStack({
      databaseUrl: base.toString(),
      taskQueue: `kjflow-shots-${process.pid}`,
      logDir: path.join(root, '.data/logs', `shots-${process.pid}`),
      log: () => undefined,
    });
    const { playDemo } = require(path.join(root, 'dist/seeds/src/demo-scenario.js'));
    await playDemo(stack.apiUrl);
    return await shoot(stack.apiUrl);
  } finally {
    await stack?.stop();
    await dropDatabase(base.toString()).catch(() => undefined);
  }
}

main().then(
  (shots) => console.log(`[screenshots] ${shots.join(', ')}`),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
