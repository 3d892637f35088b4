import { randomUUID } from 'node:crypto';
import { as, closeDb, Client, count, login, until } from './support/api';
import { accessibleInBothLanguages, axeViolations, launchChromium, pageAt } from './support/browser';
import { DRILL_DURATIONS, signedDirectedProjects } from './support/flows';
import { OWN_USERS } from './support/fuzz-users';

interface Seat {
  id: string;
  seat: number;
  expertId: string | null;
  expertName: string | null;
  status: string;
  reason: string | null;
  recusal: 'self' | 'required' | null;
  recusedBy: { id: string; name: string } | null;
  recommendation: string | null;
}

/**
 * 中期检查专家组 end to end (issue 15 §4): on a program written as a template (a panel of three
 * with a finance expert, the mid-term check five seconds after signing), the officer convenes a
 * panel on the confirmed statement. The draw keeps out the expert of the project's own institution;
 * a drawn expert declines and a replacement is drawn; the members read the mid-term materials (and
 * nothing else of the project), accept and give opinions; the last opinion closes the panel with
 * its consolidated recommendation as the review; the officer decides continue and the mid-term
 * installment is released. Every role is tried on every new endpoint. While the panel sits, a
 * member moves into another member's organisation: the panel is then over the template's limit of
 * experts per organisation, which staff read on the panel and the officer's page shows. The
 * officer requires another member to step aside (要求回避) on that page: the seat ends recused as
 * required, naming the officer to staff, and a replacement is drawn.
 */
describe('project mid-term check by an expert panel (中期检查专家组)', () => {
  afterAll(closeDb);

  it('convened, answered (a decline replaced), consolidated, decided: the mid-term installment is paid', async () => {
    const [officer, admin, auditor, demoExpert, pi, host, otherPi, otherHost] = await Promise.all(
      [
        'officer',
        'admin',
        'auditor',
        'expert',
        OWN_USERS.panelPi.username,
        OWN_USERS.panelHost.username,
        'enterprise',
        'inst-admin3',
      ].map(as),
    );

    const base = (await officer.get('/program-templates/directed-key-industry')).body.template;
    const code = `panel-e2e-${Date.now().toString(36)}`;
    const saved = await admin.post('/program-templates', {
      ...base,
      code,
      name: { zh: '中期专家组测试计划', en: 'Mid-term panel test program' },
      durations: {
        ...base.durations,
        ...DRILL_DURATIONS,
        executionLength: 'PT2H',
        reportCadence: 'PT1H',
        midtermPoint: 'PT5S',
        panelWindow: 'PT10M',
      },
      panel: { size: 3, financeExpert: true, issuerRepresentative: false, maxPerOrganisation: 1 },
      funding: {
        installments: [
          { sharePercent: 50, releasedBy: 'signing' },
          { sharePercent: 30, releasedBy: 'midterm_check' },
          { sharePercent: 20, releasedBy: 'acceptance' },
        ],
      },
    });
    expect(saved.status).toBe(201);

    // This file's experts: five of their own organisations (one a finance expert), and one of the
    // project's host institution, whom the conflict engine must keep off the panel.
    const run = Date.now().toString(36);
    const tag = `中期专家组${run}`;
    const experts = new Map<string, Client>();
    const password = 'midterm-panel-2026';
    for (let i = 0; i < 6; i++) {
      const username = `mp${run}e${i}`;
      const own = i === 5;
      const e = await officer.post('/experts', {
        name: `中期评审专家${run.slice(-4)}${i + 1}`,
        title: '研究员',
        organisation: own ? '项目依托单位' : `中期专家单位${run}-${i}`,
        ...(own ? { institutionId: pi.user.institutionId } : {}),
        keyFields: ['modern_agriculture_forestry'],
        keywords: [tag],
        region: '广西百色',
        finance: i === 0,
        loadCap: 5,
        externalRef: `MP-${run}-${i}`,
        account: { username, password },
      });
      expect(e.status).toBe(201);
      experts.set(e.body.id, await login(username, password));
    }
    const conflicted = [...experts.keys()][5];
    const finance = [...experts.keys()][0];

    const [p] = await signedDirectedProjects(code, [officer, admin], [[pi, host]]);
    expect((await officer.post(`/agreements/${p.agreementId}/installments/1/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${p.agreementId}/installments/1/payment`)).status).toBe(200);
    const P = `/projects/${p.projectId}` as const;
    await until(
      () => pi.get(`${P}/midterm`),
      (r) => r.status === 200 && r.body.phase === 'opened',
    );
    // The read model says "opened" as the opening's activity commits, a moment before the workflow
    // has taken that activity's result: a submission in between is refused (changing nothing).
    const submitted = await until(
      () =>
        pi.post(`${P}/midterm/submission`, {
          selfAssessment: '完成中期目标：示范基地建成，亩产提高 12%。',
          spending: { equipment: 1_000_000, business: 2_000_000, labour: 500_000, indirect: 300_000 },
        }),
      (r) => r.status === 200,
      10_000,
    );
    expect(submitted.body.phase).toBe('submitted');
    expect((await host.post(`${P}/midterm/confirmation`, { opinion: '情况属实' })).body.phase).toBe(
      'confirmed',
    );

    // Convening: staff only; a refused request writes nothing.
    const events = () => count(`SELECT 1 FROM domain_events WHERE subject_id = $1`, [p.projectId]);
    const before = await events();
    const body = { pool: { keywords: [tag] } };
    for (const who of [pi, host, auditor, demoExpert, otherPi, otherHost])
      expect([who.user.roles, (await who.post(`${P}/midterm/panel`, body)).status]).toEqual([
        who.user.roles,
        403,
      ]);
    expect((await officer.post(`${P}/midterm/panel`, { pool: { keyFields: [] } })).status).toBe(400);
    expect(await events()).toBe(before);

    const convened = await officer.post(`${P}/midterm/panel`, body);
    expect(convened.status).toBe(200);
    expect(convened.body.phase).toBe('panel');
    const panel = convened.body.panel;
    expect(panel).toMatchObject({
      round: 1,
      status: 'sitting',
      recommendation: null,
      convenedBy: officer.user.id,
    });
    const drawn: string[] = panel.members.map((m: Seat) => m.expertId);
    expect(drawn).toHaveLength(3);
    expect(drawn).toContain(finance);
    expect(drawn).not.toContain(conflicted);
    // Drawn within maxPerOrganisation (1): no organisation over the limit.
    expect(panel.organisationsOverLimit).toEqual([]);
    // The officer may not review directly while the panel sits.
    expect(
      (await officer.post(`${P}/midterm/review`, { opinion: '直接审查', recommendation: 'continue' })).status,
    ).toBe(409);

    // Each drawn expert finds the invitation; other roles have no such inbox.
    const seatOf = async (expertId: string) => {
      const mine = await experts.get(expertId)!.get('/panel-reviews/mine');
      expect(mine.status).toBe(200);
      return mine.body.items.find((s: { projectId: string }) => s.projectId === p.projectId);
    };
    for (const id of drawn)
      expect(await seatOf(id)).toMatchObject({ status: 'invited', round: 1, deadline: panel.deadline });
    for (const who of [pi, host, officer, admin, auditor])
      expect([who.user.roles, (await who.get('/panel-reviews/mine')).status]).toEqual([who.user.roles, 403]);

    // A member reads the mid-term materials, without the members' identities and without the rest of the project.
    const member = experts.get(drawn[1])!;
    const read = await member.get(`${P}/midterm`);
    expect(read.status).toBe(200);
    expect(read.body.submission.selfAssessment).toContain('示范基地');
    expect(read.body.panel.members.every((m: Seat) => m.expertId === null)).toBe(true);
    expect(read.body.panel.organisationsOverLimit).toBeNull();
    expect((await member.get(P)).status).toBe(404);
    expect((await experts.get(conflicted)!.get(`${P}/midterm`)).status).toBe(404);
    expect((await demoExpert.get(`${P}/midterm`)).status).toBe(404);

    // Answers: only the seat's expert (others: 404; non-experts: 403); a refusal writes nothing.
    const first = await seatOf(drawn[0]);
    const opinion = (recommendation: string, score: number) => ({
      recommendation,
      score,
      opinion: '项目进展与任务书一致，经费使用规范。',
    });
    const quiet = await events();
    expect((await member.post(`/panel-reviews/${first.id}/response`, { decision: 'accept' })).status).toBe(
      404,
    );
    for (const who of [pi, host, officer, admin, auditor]) {
      expect((await who.post(`/panel-reviews/${first.id}/response`, { decision: 'accept' })).status).toBe(
        403,
      );
      expect((await who.post(`/panel-reviews/${first.id}/recusal`, { reason: '有利害关系' })).status).toBe(
        403,
      );
      expect((await who.post(`/panel-reviews/${first.id}/opinion`, opinion('continue', 80))).status).toBe(
        403,
      );
    }
    // Bad input, field by field: a decline without its reason; an opinion before accepting.
    const noReason = await experts.get(drawn[0])!.post(`/panel-reviews/${first.id}/response`, {
      decision: 'decline',
    });
    expect(noReason.status).toBe(400);
    expect(noReason.body.error.fields[0]).toMatchObject({ path: 'reason' });
    expect(
      (await experts.get(drawn[0])!.post(`/panel-reviews/${first.id}/opinion`, opinion('continue', 80)))
        .status,
    ).toBe(409);
    expect(await events()).toBe(quiet);

    // The finance expert's colleague declines: a replacement is drawn (never the conflicted expert).
    const decliner = drawn.find((id) => id !== finance)!;
    const declined = await experts
      .get(decliner)!
      .post(`/panel-reviews/${(await seatOf(decliner)).id}/response`, {
        decision: 'decline',
        reason: '出差在外，无法按期评审',
      });
    expect(declined.status).toBe(200);
    expect(declined.body.status).toBe('declined');
    const seated = (await officer.get(`${P}/midterm`)).body.panel.members as Seat[];
    expect(seated.map((m) => m.status)).toEqual(
      seated.map((m) => (m.expertId === decliner ? 'declined' : 'invited')),
    );
    expect(seated).toHaveLength(4);
    const replacement = seated[3].expertId!;
    expect([...drawn, conflicted]).not.toContain(replacement);

    const drawnLive = seated.filter((m) => m.status === 'invited').map((m) => m.expertId!);

    // 同一单位专家上限: a member moves into another member's organisation after the draw (the
    // expert pool is kept up to date through the API). The panel then lists exactly that
    // organisation with both members' seats, to staff and auditors; the PI, the host institution
    // and the members, who do not see who sits on the panel, read null.
    const [stay, mover, third] = drawnLive;
    const expert = async (id: string) => (await officer.get(`/experts/${id}`)).body;
    const organisation: string = (await expert(stay)).organisation;
    expect(seated.filter((m) => m.status === 'invited')).toHaveLength(3);
    expect((await expert(mover)).organisation).not.toBe(organisation);
    expect((await officer.get(`${P}/midterm`)).body.panel.organisationsOverLimit).toEqual([]);
    const moved = await officer.patch(`/experts/${mover}`, { organisation });
    expect(moved.status).toBe(200);
    expect(moved.body.organisationKey).toBe(`name:${organisation}`);
    const seatIdOf = (id: string) => seated.find((m) => m.expertId === id)!.id;
    const overLimit = async (status: string, statusLabel: { zh: string; en: string }) => [
      {
        organisationKey: `name:${organisation}`,
        organisationName: organisation,
        experts: await Promise.all(
          [stay, mover].map(async (id) => ({
            id,
            name: (await expert(id)).name,
            memberId: seatIdOf(id),
            status,
            statusLabel,
          })),
        ),
        seats: 2,
        limit: 1,
      },
    ];
    const invited = await overLimit('invited', { zh: '已邀请', en: 'Invited' });
    expect((await officer.get(`${P}/midterm`)).body.panel.organisationsOverLimit).toEqual(invited);
    expect((await auditor.get(`${P}/midterm`)).body.panel.organisationsOverLimit).toEqual(invited);
    for (const who of [pi, host, experts.get(stay)!, experts.get(mover)!])
      expect((await who.get(`${P}/midterm`)).body.panel.organisationsOverLimit).toBeNull();

    // 要求回避: the third member, whose tie to the project surfaced after the draw. Refused first,
    // changing nothing: every role but the staff (403, the member themself too), a missing, blank
    // or short reason (400, on its field), a seat this project's panel of the stage does not hold
    // (404), a seat no longer held (409, for the admin too).
    const thirdSeat = seated.find((m) => m.expertId === third)!;
    const requirePath = (
      memberId: string,
      stage: 'midterm' | 'acceptance' = 'midterm',
      project = p.projectId,
    ) => `/projects/${project}/${stage}/panel/members/${memberId}/recusal` as const;
    const reason = '经核查，该专家近三年与项目负责人有合作关系';
    const panelNow = async () => (await officer.get(`${P}/midterm`)).body.panel.members as Seat[];
    const unchanged = { events: await events(), members: await panelNow() };
    for (const who of [
      pi,
      host,
      auditor,
      demoExpert,
      otherPi,
      otherHost,
      ...[third, stay].map((id) => experts.get(id)!),
    ]) {
      const refused = await who.post(requirePath(thirdSeat.id), { reason });
      expect([who.user.roles, refused.status, refused.body.error.code]).toEqual([
        who.user.roles,
        403,
        'forbidden',
      ]);
    }
    for (const body of [{}, { reason: '   ' }, { reason: '有合作' }]) {
      const bad = await officer.post(requirePath(thirdSeat.id), body);
      expect(bad.status).toBe(400);
      expect(bad.body.error.fields.map((f: { path: string }) => f.path)).toEqual(['reason']);
      expect(bad.body.error.fields[0].message.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(bad.body.error.fields[0].message.en).toMatch(/[a-z]/);
      if ('reason' in body)
        expect(bad.body.error.fields[0].message).toEqual({
          zh: '请说明要求该专家回避的理由（不少于 5 个字）',
          en: 'Give the reason the expert must step aside (at least 5 characters)',
        });
    }
    for (const path of [
      requirePath(randomUUID()),
      requirePath(thirdSeat.id, 'acceptance'),
      requirePath(thirdSeat.id, 'midterm', randomUUID()),
    ]) {
      const missing = await officer.post(path, { reason });
      expect([path, missing.status]).toEqual([path, 404]);
    }
    const declinedSeat = seated.find((m) => m.expertId === decliner)!;
    for (const who of [officer, admin]) {
      const late = await who.post(requirePath(declinedSeat.id), { reason });
      expect([who.user.roles, late.status]).toEqual([who.user.roles, 409]);
      expect(late.body.error.message.zh).toContain('不能要求其回避');
    }
    expect({ events: await events(), members: await panelNow() }).toEqual(unchanged);
    const thirdName: string = (await expert(third)).name;
    const officerName: string = (await officer.get('/auth/me')).body.displayName;

    // The officer's project page warns of it, naming the organisation and its members, in both
    // languages, with no accessibility violation.
    const browser = await launchChromium();
    try {
      const projectTitle: string = (await officer.get(P)).body.title;
      const page = await pageAt(
        browser,
        officer.token,
        `/work/officer/projects/${p.projectId}`,
        projectTitle,
      );
      const warning = page.getByTestId('organisations-over-limit');
      await warning
        .getByText(`${organisation} 有 2 名专家在专家组中（上限 1 名）`, { exact: false })
        .waitFor();
      await warning.getByText(`${invited[0].experts[1].name}（待答复）`, { exact: false }).waitFor();
      await accessibleInBothLanguages(page, projectTitle);
      await page.evaluate(`localStorage.setItem('kjflow.lang', 'en')`);
      await page.reload();
      await warning
        .getByText(`2 experts of ${organisation} on the panel (at most 1)`, { exact: false })
        .waitFor();
      await warning.getByText(`${invited[0].experts[0].name} (Invited)`, { exact: false }).waitFor();
      // The warning offers 要求回避 for each of its members, as the round's page does.
      for (const e of invited[0].experts)
        await warning.getByRole('button', { name: `Require ${e.name} to step aside` }).waitFor();

      // The officer requires the third member to step aside from the members' table: without a
      // reason the form asks first; with one, the seat ends recused as required, naming the
      // officer, and the replacement drawn under the rule shows on the panel.
      await page.evaluate(`localStorage.setItem('kjflow.lang', 'zh')`);
      await page.reload();
      await warning.waitFor();
      await page
        .getByRole('button', { name: `要求回避：${thirdName}（专家组第 ${thirdSeat.seat} 席）` })
        .click();
      const dialog = page.getByRole('form', { name: `要求专家回避：${thirdName}` });
      await dialog.getByText('系统按本专家组的抽取规则补抽一名替补专家', { exact: false }).waitFor();
      expect(await axeViolations(page)).toEqual([]);
      await dialog.getByRole('button', { name: '确认要求回避' }).click();
      await dialog.getByText('请说明要求该专家回避的理由（不少于 5 个字）').waitFor();
      await dialog.getByLabel('回避理由（记入专家组记录）').fill(reason);
      await dialog.getByRole('button', { name: '确认要求回避' }).click();
      await page.getByText(`已要求 ${thirdName} 回避，正在补抽替补专家。`).waitFor();
      const thirdRow = page.locator('tr', { hasText: thirdName });
      await thirdRow.getByText('已回避（主管要求）').waitFor({ timeout: 30_000 });
      await thirdRow.getByText(`要求人：${officerName}`).waitFor();
      const drawnAgain = (await panelNow()).find((m) => m.seat === 5)!;
      await page.locator('tr', { hasText: drawnAgain.expertName! }).getByText('待答复').waitFor();
    } finally {
      await browser.close();
    }

    // The seat as every reader sees it: recused as required (要求回避), the officer named to staff
    // and auditors only; the replacement, a fifth expert, is invited and the recused member no
    // longer reads the materials. The event names the officer; a second time is refused.
    const required = await panelNow();
    expect(required).toHaveLength(5);
    expect(required.find((m) => m.id === thirdSeat.id)).toMatchObject({
      status: 'recused',
      reason,
      recusal: 'required',
      recusalLabel: { zh: '要求回避', en: 'Recusal required by the organiser' },
      recusedBy: { id: officer.user.id, name: officerName },
    });
    expect(required.find((m) => m.id === declinedSeat.id)).toMatchObject({ recusal: null, recusedBy: null });
    const newcomer = required[4];
    expect(newcomer).toMatchObject({ seat: 5, status: 'invited', recusal: null, recusedBy: null });
    expect([...drawn, replacement, conflicted]).not.toContain(newcomer.expertId);
    const seatFor = async (who: Client) =>
      ((await who.get(`${P}/midterm`)).body.panel.members as Seat[]).find((m) => m.id === thirdSeat.id);
    expect(await seatFor(auditor)).toMatchObject({ recusedBy: { id: officer.user.id, name: officerName } });
    for (const who of [pi, host, experts.get(stay)!])
      expect(await seatFor(who)).toMatchObject({
        expertName: null,
        status: 'recused',
        recusal: 'required',
        recusedBy: null,
      });
    expect(await seatOf(newcomer.expertId!)).toMatchObject({ status: 'invited' });
    expect((await experts.get(third)!.get(`${P}/midterm`)).status).toBe(404);
    expect(
      await count(
        `SELECT 1 FROM domain_events WHERE subject_id = $1 AND type = 'project.midterm_panel_recused'
            AND actor_id = $2 AND payload->>'memberId' = $3 AND payload->>'recusal' = 'required'`,
        [p.projectId, officer.user.id, thirdSeat.id],
      ),
    ).toBe(1);
    const settled = await events();
    expect((await officer.post(requirePath(thirdSeat.id), { reason })).status).toBe(409);
    expect(await events()).toBe(settled);
    const live = [stay, mover, newcomer.expertId!];

    // The members accept and give opinions: continue, continue, rectify → continue.
    const recs: Array<[string, number]> = [
      ['continue', 88],
      ['rectify', 70],
      ['continue', 84],
    ];
    for (const [k, id] of live.entries()) {
      const seat = await seatOf(id);
      const e = experts.get(id)!;
      expect((await e.post(`/panel-reviews/${seat.id}/response`, { decision: 'accept' })).body.status).toBe(
        'accepted',
      );
      const given = await e.post(`/panel-reviews/${seat.id}/opinion`, opinion(...recs[k]));
      expect(given.status).toBe(200);
      expect(given.body).toMatchObject({
        status: 'submitted',
        recommendation: recs[k][0],
        score: recs[k][1],
      });
    }
    const reviewed = await until(
      () => officer.get(`${P}/midterm`),
      (r) => r.body.phase === 'reviewed',
    );
    expect(reviewed.body.review).toMatchObject({ by: 'panel', recommendation: 'continue', reviewedBy: null });
    expect(reviewed.body.panel).toMatchObject({
      status: 'closed',
      recommendation: 'continue',
    });
    // The opinions given still hold their seats: the panel stays over the limit on the record.
    expect(reviewed.body.panel.organisationsOverLimit).toEqual(
      await overLimit('submitted', { zh: '已提交意见', en: 'Opinion given' }),
    );
    // Fewer than five opinions: the plain mean (RULES §5).
    expect(reviewed.body.panel.meanScore).toBeCloseTo((88 + 70 + 84) / 3, 6);
    expect(reviewed.body.panel.explanation.zh).toContain('3 位专家中 2 位建议“继续实施”');
    // A late answer is refused: the panel has closed.
    const seatLate = await seatOf(live[0]);
    expect(
      (await experts.get(live[0])!.post(`/panel-reviews/${seatLate.id}/recusal`, { reason: '补充回避' }))
        .status,
    ).toBe(409);

    // The officer who convened decides (the panel reviewed); every party reads the opinions.
    const decided = await officer.post(`${P}/midterm/decision`, {
      decision: 'continue',
      reasons: '采纳专家组意见，同意继续实施',
    });
    expect(decided.status).toBe(200);
    for (const who of [pi, host, auditor]) {
      const seen = (await who.get(`${P}/midterm`)).body;
      expect(seen.decision).toMatchObject({ decision: 'continue' });
      expect(
        seen.panel.members.filter((m: Seat) => m.status === 'submitted').map((m: Seat) => m.recommendation),
      ).toEqual(['continue', 'rectify', 'continue']);
    }
    expect((await officer.post(`/agreements/${p.agreementId}/installments/2/approval`)).status).toBe(200);
    expect((await admin.post(`/agreements/${p.agreementId}/installments/2/payment`)).status).toBe(200);
    const installments = (await officer.get(`/agreements/${p.agreementId}`)).body.installments;
    expect(installments.map((i: { status: string }) => i.status)).toEqual(['paid', 'paid', 'planned']);
  }, 300_000);
});
