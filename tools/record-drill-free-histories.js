#!/usr/bin/env node
// Records the histories of workflow shapes that the end-to-end run cannot reach, because it drills
// notices and appeal windows in seconds (drill programs' durations.noticePeriod, the case policy's
// appealWindowOverride): an award notice and a misconduct case's appeal window counted in working
// days by the calendar activity. Each runs on
// a local dev server with fake activities up to the counted period, then is terminated; the file
// joins workflows/histories/ for the replay test. Needs a build (npm run build).
//   node tools/record-drill-free-histories.js
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');
const { root } = require('./swc');

const dist = (p) => require(path.join(root, 'dist', p));

function shapeOf(json) {
  const sig = JSON.parse(json)
    .events.map((e) => `${e.eventType}:${e.markerRecordedEventAttributes?.markerName ?? ''}`)
    .join(',');
  return crypto.createHash('sha256').update(sig).digest('hex').slice(0, 8);
}

async function main() {
  const { TestWorkflowEnvironment } = require('@temporalio/testing');
  const { Worker } = require('@temporalio/worker');
  const { historyToJSON } = require('@temporalio/common/lib/proto-utils');
  const domain = dist('libs/domain/src/index.js');
  const { ensureBinary } = require('./temporal');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: ensureBinary() },
      searchAttributes: [...domain.SEARCH_ATTRIBUTES],
    },
  });
  const approved = domain.DEFAULT_YEARS.map((y) => ({ ...y, version: 1 }));
  // Every activity of the contract answers nothing, except the count of working days.
  const names = [
    ...fs.readFileSync(path.join(root, 'workflows/src/activities.ts'), 'utf8').matchAll(/^ {2}(\w+)\(/gm),
  ].map((m) => m[1]);
  const activities = Object.fromEntries(names.map((n) => [n, async () => undefined]));
  activities.workingDayDeadline = async ({ from, workingDays }) => {
    const years = domain.calendarYearsInForce(domain.yearsToLoad(from), approved);
    const d = domain.workingDayDeadline(years, from, workingDays);
    return { end: d.end.toISOString(), lastDay: d.lastDay, calendar: d.basis };
  };
  const taskQueue = `record-${crypto.randomUUID()}`;
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: { codePath: path.join(root, 'dist/workflow-bundle.js') },
    activities,
  });
  const admin = crypto.randomUUID();
  const officer = crypto.randomUUID();
  const saved = [];
  await worker.runUntil(async () => {
    const wf = dist('workflows/src/index.js');
    const save = async (handle, name) => {
      await handle.terminate('recorded');
      const json = historyToJSON(await handle.fetchHistory());
      const file = `${name}-${shapeOf(json)}.json`;
      fs.writeFileSync(path.join(root, 'workflows/histories', file), json + '\n');
      saved.push(file);
    };

    const awardId = crypto.randomUUID();
    const award = await env.client.workflow.start('awardWorkflow', {
      workflowId: `award-${awardId}`,
      taskQueue,
      args: [{ awardId, proposerId: officer, chain: ['admin'], noticeWorkingDays: 5 }],
    });
    await award.executeUpdate(wf.decideAwardUpdate, {
      args: [{ actorId: admin, actorRoles: ['admin'], decision: 'approve' }],
    });
    while ((await award.query(wf.awardStateQuery)).status !== 'in_notice')
      await new Promise((r) => setTimeout(r, 100));
    await save(award, 'awardWorkflow-in_notice');

    const caseId = crypto.randomUUID();
    const subject = { type: 'person', id: crypto.randomUUID() };
    const kase = await env.client.workflow.start('caseWorkflow', {
      workflowId: `misconduct-case-${caseId}`,
      taskQueue,
      args: [
        {
          id: caseId,
          report: domain.reportCaseSchema.parse({
            subject,
            projectId: crypto.randomUUID(),
            reporter: { name: '李某', contact: 'li@example.cn' },
            facts: '举报项目负责人在结题报告中大段抄袭他人已发表论文，附比对报告。',
            evidenceRefs: ['比对报告.pdf'],
          }),
          // The national defaults (15 working days to appeal), no drill override.
          policy: domain.casePolicySchema.parse({
            investigation: 'PT1H',
            maxExtension: 'PT1H',
            reminderBefore: 'PT10M',
          }),
          createdBy: officer,
        },
      ],
    });
    await kase.executeUpdate(wf.caseCreatedUpdate);
    await kase.executeUpdate(wf.decideCaseUpdate, {
      args: [{ actorId: officer, input: { action: 'accept', reason: '线索具体，予以立案' } }],
    });
    await kase.executeUpdate(wf.recordFindingUpdate, {
      args: [
        {
          actorId: officer,
          input: {
            category: 'plagiarism',
            severity: 'serious',
            facts: '项目结题报告第三章与他人已发表论文高度雷同。',
            sanctions: ['通报批评'],
            decisionNo: '百科监〔2026〕7号',
            isPublic: true,
          },
        },
      ],
    });
    await save(kase, 'caseWorkflow-appeal_window');
  });
  await env.teardown();
  for (const f of saved) console.log(`[histories] ${f}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
