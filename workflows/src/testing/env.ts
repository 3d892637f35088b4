/* eslint-disable @typescript-eslint/no-require-imports */
import * as path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  bundleWorkflowCode,
  DefaultLogger,
  Runtime,
  WorkerOptions,
  WorkflowBundle,
} from '@temporalio/worker';
import {
  calendarYearsInForce,
  DEFAULT_CHANGE_POLICY,
  DEFAULT_YEARS,
  projectSchedule,
  projectTermsOf,
  reportSpentFen,
  SEARCH_ATTRIBUTES,
  workingDayDeadline,
  yearsToLoad,
  acceptanceTerms,
  acceptanceDeadlines,
} from '@kjflow/domain';
import type { Activities, MidtermRecord, ProjectReportRecord, WorkingDayDeadlineResult } from '../activities';
import type { Role } from '@kjflow/domain';
// The product's Worker class: workflows run as they do in production (no watchdog thread per
// sandbox call, no stack trace per promise); the three heaviest workflow specs took 146 CPU-s
// on the SDK's Worker, 100 on this one.
import { SandboxWorker } from '../../../apps/worker/src/sandbox-worker';

const root = path.resolve(__dirname, '../../..');

/** The PI and host institution the fake projectChangeFacts answers with. */
export const TEST_PROJECT_HOLDERS = {
  piId: '11111111-1111-4111-8111-111111111111',
  institutionId: '22222222-2222-4222-8222-222222222222',
};
/** The fake project's budget by category (fen). */
export const TEST_PROJECT_BUDGET = {
  equipmentFen: 1_000_000,
  businessFen: 2_000_000,
  labourFen: 1_000_000,
  indirectFen: 600_000,
};

/**
 * A real Temporal dev server (the same binary the stack uses) for workflow tests, and one
 * workflow bundle shared by the tests of a file. Activities are the only thing mocked.
 *
 * The unit project's set-up starts one server for the run (test/support/temporal-binary.setup.ts,
 * KJ_UNIT_TEMPORAL_ADDRESS); a file connects to it, its tests on task queues and workflow ids of
 * their own. A file that needs the server configured otherwise (`serverArgs`), or a run without
 * that set-up, starts a server of its own; `teardown()` stops only what the file started.
 */
export async function createTestEnv(opts: { serverArgs?: string[] } = {}): Promise<TestWorkflowEnvironment> {
  // ERROR: the simulated activity failures would otherwise print their stacks as warnings.
  Runtime.install({ logger: new DefaultLogger('ERROR') });
  const shared = process.env.KJ_UNIT_TEMPORAL_ADDRESS;
  if (shared && !opts.serverArgs?.length)
    return TestWorkflowEnvironment.createFromExistingServer({ address: shared, namespace: 'default' });
  const bin = process.env.KJ_TEMPORAL_BIN || require(path.join(root, 'tools/temporal')).ensureBinary();
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'existing-path', path: bin },
      searchAttributes: [...SEARCH_ATTRIBUTES],
      extraArgs: ['--log-level', 'error', ...(opts.serverArgs ?? [])],
    },
  });
}

let bundle: Promise<WorkflowBundle> | null = null;
/** The workflow bundle, built once per source version (tools/workflow-bundle.js keeps it). */
export function workflowBundle(): Promise<WorkflowBundle> {
  const { cachedWorkflowBundle, workflowBundleOptions } = require(path.join(root, 'tools/workflow-bundle'));
  bundle ??= cachedWorkflowBundle(() =>
    bundleWorkflowCode({ ...workflowBundleOptions(), logger: new DefaultLogger('WARN') }),
  ) as Promise<WorkflowBundle>;
  return bundle;
}

/** What the workingDayDeadline activity answers on a database holding only the bundled years. */
export function countOnBundledYears(from: number, workingDays: number): WorkingDayDeadlineResult {
  const approved = DEFAULT_YEARS.map((y) => ({ ...y, version: 1 }));
  const d = workingDayDeadline(calendarYearsInForce(yearsToLoad(from), approved), from, workingDays);
  return { end: d.end.toISOString(), lastDay: d.lastDay, calendar: d.basis };
}

export type ActivityCalls = Array<{ name: keyof Activities; args: unknown[] }>;

/** Fake activities that record their calls (optionally failing the first attempt of one). */
export function recordingActivities(opts: { failOnce?: keyof Activities } = {}): {
  activities: Activities;
  calls: ActivityCalls;
} {
  const calls: ActivityCalls = [];
  let failed = false;
  const fake =
    (name: keyof Activities) =>
    async (...args: unknown[]) => {
      calls.push({ name, args });
      if (opts.failOnce === name && !failed) {
        failed = true;
        throw new Error(`simulated transient failure of ${name}`);
      }
    };
  const activities: Activities = {
    writeAuditAnchor: async () => null,
    createCall: fake('createCall'),
    setCallStatus: fake('setCallStatus'),
    createApplication: fake('createApplication'),
    saveApplicationDraft: fake('saveApplicationDraft'),
    transitionApplication: fake('transitionApplication'),
    createCampaign: fake('createCampaign'),
    setCampaignStatus: fake('setCampaignStatus'),
    createDemand: fake('createDemand'),
    saveDemandDraft: fake('saveDemandDraft'),
    transitionDemand: fake('transitionDemand'),
    createGuide: fake('createGuide'),
    saveGuideDraft: fake('saveGuideDraft'),
    transitionGuide: fake('transitionGuide'),
    publishGuide: fake('publishGuide'),
    recordCredit: fake('recordCredit'),
    createCase: fake('createCase'),
    updateCase: fake('updateCase'),
    publishGuideCorrection: async (...args: unknown[]) => {
      calls.push({ name: 'publishGuideCorrection', args });
      return { notifiedApplications: 0 };
    },
    recordInvitation: fake('recordInvitation'),
    recordAward: fake('recordAward'),
    recordAgreement: fake('recordAgreement'),
    createAgreements: async (...args: unknown[]) => {
      calls.push({ name: 'createAgreements', args });
      return [];
    },
    planAgreements: async (...args: unknown[]) => {
      calls.push({ name: 'planAgreements', args });
      return [];
    },
    createAgreement: fake('createAgreement'),
    agreementExecution: async (...args: unknown[]) => {
      calls.push({ name: 'agreementExecution', args });
      return { status: 'signed', amountFen: 0, milestoneCount: 0, milestones: [], installments: [] };
    },
    recordAgreementExecution: fake('recordAgreementExecution'),
    registerProject: fake('registerProject'),
    // A project opened at the moment it is asked for, on a call without a template.
    openProject: async (rec) => {
      await fake('openProject')(rec);
      return { schedule: projectSchedule(projectTermsOf(new Date(rec.at).toISOString(), null)), stages: [] };
    },
    recordProjectReport: fake('recordProjectReport'),
    // A project's holders, the same made-up PI and institution every time.
    reportHolders: async (...args: unknown[]) => {
      calls.push({ name: 'reportHolders', args });
      return {
        piId: '00000000-0000-4000-8000-0000000000a1',
        institutionId: '00000000-0000-4000-8000-0000000000b1',
      };
    },
    // The roles as asked, as the activity answers when it wrote them.
    changeUserRoles: async (...args: unknown[]) => {
      calls.push({ name: 'changeUserRoles', args });
      return (args[0] as { roles: Role[] }).roles;
    },
    remindReviewer: fake('remindReviewer'),
    finishReviewRound: fake('finishReviewRound'),
    // A round's draws are scripted per test (see review.workflow.spec.ts); these answer "nobody".
    drawReviewAssignments: async (...args: unknown[]) => {
      calls.push({ name: 'drawReviewAssignments', args });
      return [];
    },
    drawReviewRound: async (...args: unknown[]) => {
      calls.push({ name: 'drawReviewRound', args });
      return { invited: 0, applications: 0 };
    },
    reviewInvitationPage: async (...args: unknown[]) => {
      calls.push({ name: 'reviewInvitationPage', args });
      return [];
    },
    reviewApplicationPage: async (...args: unknown[]) => {
      calls.push({ name: 'reviewApplicationPage', args });
      return [];
    },
    listReviewInvitations: fake('listReviewInvitations'),
    // Working days as the real activity counts them, on the bundled years (provisional after them).
    workingDayDeadline: async (input) => {
      calls.push({ name: 'workingDayDeadline', args: [input] });
      return countOnBundledYears(input.from, input.workingDays);
    },
    enterCalendarYear: fake('enterCalendarYear'),
    decideCalendarYear: fake('decideCalendarYear'),
    redrawReviewer: async (...args: unknown[]) => {
      calls.push({ name: 'redrawReviewer', args });
      return null;
    },
    // An empty ledger with no requests; credit tests script their own (credit.workflow.spec.ts).
    creditLedger: async (...args: unknown[]) => {
      calls.push({ name: 'creditLedger', args });
      return { records: [], pendingRepairRecordIds: [] };
    },
    creditRepairRequest: async (...args: unknown[]) => {
      calls.push({ name: 'creditRepairRequest', args });
      return null;
    },
    requestCreditRepair: fake('requestCreditRepair'),
    decideCreditRepair: fake('decideCreditRepair'),
    saveProgramTemplate: async (...args: unknown[]) => {
      calls.push({ name: 'saveProgramTemplate', args });
      return { version: 1 };
    },
    demandsForTopic: async (...args: unknown[]) => {
      calls.push({ name: 'demandsForTopic', args });
      return [];
    },
    createTopic: fake('createTopic'),
    saveCasePolicy: async (...args: unknown[]) => {
      calls.push({ name: 'saveCasePolicy', args });
      return { version: 1 };
    },
    recordApplicationPledge: fake('recordApplicationPledge'),
    addApplicationAttachment: fake('addApplicationAttachment'),
    removeApplicationAttachment: fake('removeApplicationAttachment'),
    publishPassedList: fake('publishPassedList'),
    recordFormalCheckRun: fake('recordFormalCheckRun'),
    createReviewRound: fake('createReviewRound'),
    recordReviewPanel: async (...args: unknown[]) => {
      calls.push({ name: 'recordReviewPanel', args });
      return true;
    },
    saveScoreDraft: fake('saveScoreDraft'),
    registerExpert: fake('registerExpert'),
    recordOutcome: fake('recordOutcome'),
    updateExpert: async (...args: unknown[]) => {
      calls.push({ name: 'updateExpert', args });
      return true;
    },
    importExpertRows: async (...args: unknown[]) => {
      calls.push({ name: 'importExpertRows', args });
      const { rows } = args[0] as { rows: Array<{ row: number; externalRef: string | null }> };
      return rows.map((r) => ({ row: r.row, externalRef: r.externalRef, outcome: 'imported' as const }));
    },
    // A project of TEST_PROJECT_HOLDERS under the default change policy, with a small budget.
    projectChangeFacts: async (...args: unknown[]) => {
      calls.push({ name: 'projectChangeFacts', args });
      return { ...TEST_PROJECT_HOLDERS, policy: DEFAULT_CHANGE_POLICY, budget: TEST_PROJECT_BUDGET };
    },
    recordProjectAttachment: fake('recordProjectAttachment'),
    // A new PI or host that passes every gate (tests override it to refuse).
    changeGateFacts: async (...args: unknown[]) => {
      calls.push({ name: 'changeGateFacts', args });
      return { credit: { pass: true, reasons: [] }, ongoingInProgram: [], overdue: [] };
    },
    // Effective at once only without a chain; an approved extension moves the end, adds no report.
    recordChangeRequest: async (rec) => {
      calls.push({ name: 'recordChangeRequest', args: [rec] });
      return rec.steps.length === 0 ? { kind: rec.kind, agreementVersion: 2 } : null;
    },
    recordChangeDecision: async (rec) => {
      calls.push({ name: 'recordChangeDecision', args: [rec] });
      return rec.final && rec.decision === 'approve'
        ? { kind: 'budget_adjustment', agreementVersion: 2 }
        : null;
    },
    recordUnapprovedChange: fake('recordUnapprovedChange'),
    // The mid-term check on a template without its own windows (the rules' defaults apply).
    openMidterm: async (...args: unknown[]) => {
      calls.push({ name: 'openMidterm', args });
      return { rectifyWindow: '', recoveryWindow: '' };
    },
    recordMidterm: fake('recordMidterm'),
    // Funds of a project paid 300,000 fen so far, with placeholder parties (tests override them).
    projectFunds: async (...args: unknown[]) => {
      calls.push({ name: 'projectFunds', args });
      return {
        paidFen: 300_000,
        piId: '00000000-0000-4000-8000-000000000001',
        institutionId: '00000000-0000-4000-8000-000000000002',
      };
    },
    recordRecovery: fake('recordRecovery'),
    // Acceptance on a template without its own terms: the rules' defaults and deadlines.
    openAcceptance: async (input) => {
      calls.push({ name: 'openAcceptance', args: [input] });
      const terms = acceptanceTerms(null);
      return { terms, ...acceptanceDeadlines(input.endsAt, terms) };
    },
    recordAcceptance: fake('recordAcceptance'),
    // Paid 300,000 fen, 200,000 more released by a pass; both parties' credit lets the surplus stay.
    acceptanceSettlement: async (input) => {
      calls.push({ name: 'acceptanceSettlement', args: [input] });
      const ok = { allowed: true, reason: { zh: '信用等级为良好，结余经费可留用', en: 'May keep' } };
      return {
        paidFen: 300_000,
        releasedOnPassFen: 200_000,
        piId: '00000000-0000-4000-8000-000000000001',
        institutionId: '00000000-0000-4000-8000-000000000002',
        surplus: { pi: ok, host: ok },
      };
    },
    // The spending on record, as the database would answer it from what this run recorded: the
    // last mid-term submission, and the accepted report whose version was submitted last.
    projectSpending: async (input) => {
      calls.push({ name: 'projectSpending', args: [input] });
      const recs = <T extends { projectId: string }>(name: string) =>
        calls
          .filter((c) => c.name === name)
          .map((c) => c.args[0] as T)
          .filter((r) => r.projectId === input.projectId);
      const m = recs<MidtermRecord>('recordMidterm')
        .filter((r) => r.submission)
        .pop();
      const reports = recs<ProjectReportRecord>('recordProjectReport');
      const submitted = reports.filter((r) => r.type === 'submitted');
      const accepted = reports
        .filter((r) => r.type === 'accepted')
        .map((a) => submitted.find((v) => v.seq === a.seq && v.version === a.version)!)
        .sort((a, b) => a.at - b.at)
        .pop();
      return {
        midterm: m ? { spentFen: m.submission!.spentFen, at: new Date(m.at).toISOString() } : null,
        report: accepted
          ? {
              seq: accepted.seq,
              spentFen: reportSpentFen(accepted.content?.spending as Array<{ spentFen: number }>),
              at: new Date(accepted.at).toISOString(),
            }
          : null,
      };
    },
    // A panel of three, each seat named by its expert; a replacement takes the next free name.
    drawMidtermPanel: async (...args: unknown[]) => {
      calls.push({ name: 'drawMidtermPanel', args });
      const a = args[0] as { panelId: string; at: number };
      return {
        deadline: new Date(a.at + 14 * 86_400_000).toISOString(),
        members: [1, 2, 3].map((i) => ({ id: `${a.panelId}-seat-${i}`, expertId: `expert-${i}` })),
      };
    },
    recordMidtermPanelAnswer: fake('recordMidtermPanelAnswer'),
    redrawMidtermPanelMember: async (...args: unknown[]) => {
      calls.push({ name: 'redrawMidtermPanelMember', args });
      const a = args[0] as { memberId: string };
      return { id: `${a.memberId}-r`, expertId: `expert-for-${a.memberId}` };
    },
    closeMidtermPanel: async (...args: unknown[]) => {
      calls.push({ name: 'closeMidtermPanel', args });
      return { recommendation: 'continue' as const };
    },
    // A race of two teams whose projects exist, one continuing (tests override the teams).
    horseRaceFacts: async (...args: unknown[]) => {
      calls.push({ name: 'horseRaceFacts', args });
      return { midpointDate: '2030-01-01', teams: [], continueCount: 1, issuerTakesPart: false };
    },
    recordHorseRace: fake('recordHorseRace'),
    recordProjectEnd: fake('recordProjectEnd'),
    // 容错 facts by default: a high-risk project with a clean record; specs override them.
    honestFailureFacts: async (...args: unknown[]) => {
      calls.push({ name: 'honestFailureFacts', args });
      return {
        mode: 'open_competition',
        riskProfile: 'high_risk' as const,
        misconductFindings: [],
        reports: [],
        grace: null,
        unapprovedChange: false,
        spending: null,
      };
    },
    expertConfirmationFacts: async (...args: unknown[]) => {
      calls.push({ name: 'expertConfirmationFacts', args });
      const { expertIds } = args[0] as { expertIds: string[] };
      return {
        experts: expertIds.map((id, i) => ({ id, name: `专家${i + 1}`, inPool: true, conflicts: [] })),
      };
    },
    recordHonestFailure: fake('recordHonestFailure'),
    dispatchNotificationPage: async (...args: unknown[]) => {
      calls.push({ name: 'dispatchNotificationPage', args });
      return { events: 0, emailIds: [] };
    },
    sendNotificationEmail: fake('sendNotificationEmail'),
    markNotificationFailed: fake('markNotificationFailed'),
    dispatchWebhookPage: async (...args: unknown[]) => {
      calls.push({ name: 'dispatchWebhookPage', args });
      return { events: 0, deliveryIds: [] };
    },
    sendWebhookDelivery: fake('sendWebhookDelivery'),
    markWebhookDeliveryFailed: fake('markWebhookDeliveryFailed'),
    saveNotificationTemplate: async (...args: unknown[]) => {
      calls.push({ name: 'saveNotificationTemplate', args });
      return { version: 2 };
    },
    markNotificationsRead: async (...args: unknown[]) => {
      calls.push({ name: 'markNotificationsRead', args });
      return { marked: 0 };
    },
    saveNotificationPreferences: fake('saveNotificationPreferences'),
    recordWebhookCommand: fake('recordWebhookCommand'),
  };
  return { activities, calls };
}

/** A worker of the test server on the shared bundle; `tuning` adds worker options (cache, slots). */
export async function startWorker(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  activities: Activities,
  tuning: Pick<WorkerOptions, 'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions'> = {},
) {
  return SandboxWorker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    ...tuning,
  });
}
