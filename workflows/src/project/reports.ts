import { patched, setHandler, uuid4 } from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { formatShanghai, shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import {
  assertCanConfirmReport,
  assertCanDecideReport,
  assertCanSubmitReport,
  assertProjectTakesReports,
  DEFAULT_REPORT_GRACE,
  DEFAULT_REPORT_REMINDER_BEFORE,
  reportGraceEndsAt,
  reportOf,
  reportRemindAt,
  ReportStatus,
  UNSUBMITTED_REPORT_STATUSES,
} from '@kjflow/domain/project/report.rules';
import {
  AddProjectAttachmentArgs,
  addProjectAttachmentUpdate,
  ConfirmProjectReportArgs,
  confirmProjectReportUpdate,
  DecideProjectReportArgs,
  decideProjectReportUpdate,
  ProjectState,
  SubmitProjectReportArgs,
  submitProjectReportUpdate,
} from '../definitions';
import { check } from '../lib/failures';
import type { ProjectRun } from './run';

type Report = NonNullable<ProjectState['reports']>[number];

const statusOf = (r: Report) => r.status as ReportStatus;
const unsubmitted = (r: Report) => UNSUBMITTED_REPORT_STATUSES.includes(statusOf(r));

/**
 * 进展报告 (issue 15 §2): the PI submits each scheduled report, the host institution confirms it,
 * the bureau accepts it or returns it with a comment (a returned report comes back as a new
 * version). Duties: a reminder before the due date, an overdue notice after it, and past the
 * template's grace period the PI's credit record (一般失信, RULES §11 "poor management").
 */
export function reportsPart(run: ProjectRun): void {
  // Runs that began before reporting existed keep their shape; their next run (continue-as-new) reports.
  if (!patched('project-reports')) return;
  const { state, acts } = run;
  const timings = () => ({
    reminderBefore: state.reportTimings?.reminderBefore ?? DEFAULT_REPORT_REMINDER_BEFORE,
    grace: state.reportTimings?.grace ?? DEFAULT_REPORT_GRACE,
  });
  const record = (r: Report, type: Parameters<typeof acts.recordProjectReport>[0]['type'], more: object) =>
    acts.recordProjectReport({
      projectId: state.projectId,
      seq: r.seq,
      type,
      version: r.version ?? 0,
      actorId: null,
      at: Date.now(),
      dueAt: r.dueAt,
      ...more,
    });

  // ---- commands ---------------------------------------------------------------------------------

  // Evidence for the reports: a finished project takes no more (its record is closed).
  setHandler(
    addProjectAttachmentUpdate,
    run.command<AddProjectAttachmentArgs>(async (a) => {
      assertProjectTakesReports(state.status);
      await acts.recordProjectAttachment({ projectId: state.projectId, ...a, at: Date.now() });
    }),
    { validator: (_a: AddProjectAttachmentArgs) => check(() => assertProjectTakesReports(state.status)) },
  );

  const validateSubmit = (a: SubmitProjectReportArgs) =>
    check(() => assertCanSubmitReport(state.status, a.seq, statusOf(reportOf(state.reports, a.seq))));
  setHandler(
    submitProjectReportUpdate,
    run.command<SubmitProjectReportArgs>(async (a) => {
      const r = reportOf(state.reports, a.seq);
      assertCanSubmitReport(state.status, a.seq, statusOf(r));
      const version = (r.version ?? 0) + 1;
      await acts.recordProjectReport({
        projectId: state.projectId,
        seq: r.seq,
        type: 'submitted',
        version,
        actorId: a.actorId,
        at: Date.now(),
        dueAt: r.dueAt,
        content: a.content,
      });
      r.version = version;
      r.status = 'submitted';
    }),
    { validator: validateSubmit },
  );

  const validateConfirm = (a: ConfirmProjectReportArgs) =>
    check(() => assertCanConfirmReport(state.status, a.seq, statusOf(reportOf(state.reports, a.seq))));
  setHandler(
    confirmProjectReportUpdate,
    run.command<ConfirmProjectReportArgs>(async (a) => {
      const r = reportOf(state.reports, a.seq);
      assertCanConfirmReport(state.status, a.seq, statusOf(r));
      await record(r, 'confirmed', { actorId: a.actorId });
      r.status = 'confirmed';
    }),
    { validator: validateConfirm },
  );

  const validateDecide = (a: DecideProjectReportArgs) =>
    check(() => assertCanDecideReport(state.status, a.seq, statusOf(reportOf(state.reports, a.seq))));
  setHandler(
    decideProjectReportUpdate,
    run.command<DecideProjectReportArgs>(async (a) => {
      const r = reportOf(state.reports, a.seq);
      assertCanDecideReport(state.status, a.seq, statusOf(r));
      const to = a.decision === 'accept' ? 'accepted' : 'returned';
      await record(r, to, { actorId: a.actorId, comment: a.comment });
      r.status = to;
    }),
    { validator: validateDecide },
  );

  // ---- duties (each marks its report, so it answers a later instant next time) ------------------
  // None once the project has ended: an ended project owes no report (run.executing).

  /** The earliest of `when(r)` over the reports `pending(r)` selects. */
  const earliest = (pending: (r: Report) => boolean, when: (r: Report) => string) => {
    const due = (state.reports ?? []).filter(pending);
    if (due.length === 0) return null;
    const first = due.reduce((a, b) => (new Date(when(a)) <= new Date(when(b)) ? a : b));
    return { report: first, at: new Date(when(first)).getTime() };
  };
  const remindAt = (r: Report) => reportRemindAt(r.dueAt, timings().reminderBefore);
  const graceEndsAt = (r: Report) => reportGraceEndsAt(r.dueAt, timings().grace);

  // A reminder before the due date, to a report not yet submitted.
  const reminder = () => earliest((r) => r.status === 'due' && !r.reminded, remindAt);
  run.duties.push({
    dueAt: () => (run.executing() ? (reminder()?.at ?? null) : null),
    run: async () => {
      const next = reminder();
      if (!next) return;
      await record(next.report, 'reminder', {});
      next.report.reminded = true;
    },
  });

  // Overdue at the due date: shown wherever the project is listed (from the report's status).
  const overdue = () =>
    earliest(
      (r) => unsubmitted(r) && !r.overdueNoted,
      (r) => r.dueAt,
    );
  run.duties.push({
    dueAt: () => (run.executing() ? (overdue()?.at ?? null) : null),
    run: async () => {
      const next = overdue();
      if (!next) return;
      await record(next.report, 'overdue', {});
      next.report.overdueNoted = true;
    },
  });

  // Past the grace period and still not submitted: the PI's credit record, once per report.
  const graceOver = () => earliest((r) => unsubmitted(r) && !r.credited, graceEndsAt);
  run.duties.push({
    dueAt: () => (run.executing() ? (graceOver()?.at ?? null) : null),
    run: async () => {
      const next = graceOver();
      if (!next) return;
      const r = next.report;
      const { piId } = await acts.reportHolders({ projectId: state.projectId });
      const workflowId = workflowIds.project(state.projectId);
      const ends = graceEndsAt(r);
      await acts.recordCredit({
        id: uuid4(),
        subject: { type: 'person', id: piId },
        kind: 'overdue_report',
        severity: 'minor',
        stage: 'execution',
        projectId: state.projectId,
        facts: `第 ${r.seq} 期项目进展报告应于 ${formatShanghai(r.dueAt)}（北京时间）前提交，宽限期至 ${formatShanghai(ends)} 届满仍未提交。`,
        evidenceRefs: [`project:${state.projectId}:report:${r.seq}`],
        decisionNo: null,
        effectiveFrom: shanghaiDate(ends),
        effectiveUntil: null,
        referencesRecordId: null,
        isPublic: false,
        // The overdue notice (written at the due date, before the grace ends) is the source.
        sourceEvent: r.overdueNoted ? { workflowId, step: `report:${r.seq}:overdue` } : null,
        recordedBy: null,
        workflowId,
        step: `credit:report-${r.seq}`,
        at: Date.now(),
      });
      r.credited = true;
    },
  });
}
