import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';
import { formatShanghai } from '../kernel/time.rules';
import { FINISHED_PROJECT_STATUSES, PROJECT_STATUS_LABELS, ProjectStatus } from './project.rules';

/**
 * 进展报告 (progress reports), zod-free as the project's workflow decides them (issue 15 §2, RULES §7
 * "reporting duties", §9 inputs): on the template's cadence the PI submits a report, the host
 * institution confirms it, the bureau accepts it or returns it with a comment; a returned report is
 * submitted again as a new version. Versions are append-only; an accepted report is final.
 */
export const REPORT_STATUSES = ['due', 'submitted', 'confirmed', 'returned', 'accepted'] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];
export const REPORT_STATUS_LABELS: Record<ReportStatus, Bilingual> = {
  due: { zh: '待提交', en: 'Due' },
  submitted: { zh: '待单位确认', en: 'Awaiting the institution’s confirmation' },
  confirmed: { zh: '待审核', en: 'Awaiting the bureau’s review' },
  returned: { zh: '已退回修改', en: 'Returned for revision' },
  accepted: { zh: '已通过', en: 'Accepted' },
};

/** Statuses in which the report is still the PI's to submit (the portfolio counts these as overdue). */
export const UNSUBMITTED_REPORT_STATUSES: readonly ReportStatus[] = ['due', 'returned'];

/**
 * Defaults of the template's report timings (RULES header: every threshold is a per-program setting;
 * these are common practice, [T]): a reminder a week before the due date, and a month of grace after
 * it before the overdue report becomes a credit record (RULES §11: "poor management" is 一般失信).
 */
export const DEFAULT_REPORT_REMINDER_BEFORE = 'P7D';
export const DEFAULT_REPORT_GRACE = 'P1M';

/** When to remind the PI of a report due at `dueAt` (UTC ISO). */
export function reportRemindAt(dueAt: string, before: string = DEFAULT_REPORT_REMINDER_BEFORE): string {
  const due = new Date(dueAt).getTime();
  // The length of `before` measured forward from the due date (a month is the month after it).
  const length = addDuration(new Date(due), before).getTime() - due;
  return new Date(due - length).toISOString();
}

/** When the grace period of a report due at `dueAt` ends (the credit record is written then). */
export function reportGraceEndsAt(dueAt: string, grace: string = DEFAULT_REPORT_GRACE): string {
  return addDuration(new Date(dueAt), grace).toISOString();
}

/** A report past its due date that the PI has not submitted (or that was returned to them). */
export function isReportOverdue(status: string, dueAt: string, now: number): boolean {
  return (
    (UNSUBMITTED_REPORT_STATUSES as readonly string[]).includes(status) && new Date(dueAt).getTime() < now
  );
}

const label = (seq: number) => ({ zh: `第 ${seq} 期进展报告`, en: `Progress report ${seq}` });

/** A finished project takes no more reports nor evidence for them. */
export function assertProjectTakesReports(status: ProjectStatus | undefined): void {
  assertProjectRunning(status);
}

function assertProjectRunning(status: ProjectStatus | undefined): void {
  if (status && FINISHED_PROJECT_STATUSES.includes(status))
    throw new DomainError('invalid_state', {
      zh: `项目${PROJECT_STATUS_LABELS[status].zh}，不再报送或审核进展报告`,
      en: `The project is ${PROJECT_STATUS_LABELS[status].en.toLowerCase()}; reports are no longer taken`,
    });
}

function refuse(seq: number, status: ReportStatus, zh: string, en: string): never {
  const l = label(seq);
  throw new DomainError('invalid_state', {
    zh: `${l.zh}${REPORT_STATUS_LABELS[status].zh}，${zh}`,
    en: `${l.en} is ${REPORT_STATUS_LABELS[status].en.toLowerCase()}: ${en}`,
  });
}

/** The PI submits a report that is due, or again once it was returned (a new version). */
export function assertCanSubmitReport(
  projectStatus: ProjectStatus | undefined,
  seq: number,
  status: ReportStatus,
): void {
  assertProjectRunning(projectStatus);
  if (!UNSUBMITTED_REPORT_STATUSES.includes(status))
    refuse(seq, status, '不能再次提交', 'it cannot be submitted again');
}

/** The host institution confirms a submitted report. */
export function assertCanConfirmReport(
  projectStatus: ProjectStatus | undefined,
  seq: number,
  status: ReportStatus,
): void {
  assertProjectRunning(projectStatus);
  if (status !== 'submitted') refuse(seq, status, '无需单位确认', 'there is nothing to confirm');
}

/** The bureau accepts or returns a report the institution has confirmed; an accepted one is final. */
export function assertCanDecideReport(
  projectStatus: ProjectStatus | undefined,
  seq: number,
  status: ReportStatus,
): void {
  assertProjectRunning(projectStatus);
  if (status !== 'confirmed')
    refuse(
      seq,
      status,
      status === 'accepted' ? '不能更改' : '须经依托单位确认后审核',
      status === 'accepted'
        ? 'it cannot change'
        : 'the host institution confirms it before the bureau decides',
    );
}

/** A report of the project's schedule, or not_found. */
export function reportOf<R extends { seq: number }>(reports: readonly R[] | undefined, seq: number): R {
  const r = reports?.find((x) => x.seq === seq);
  if (!r) throw new DomainError('not_found', { zh: '进展报告不存在', en: 'No such progress report' });
  return r;
}

/** Why the project's reports hold back an installment's approval (issue 15 §2, §6), or null. */
export function reportsBlockInstallment(
  overdue: ReadonlyArray<{ seq: number; dueAt: string }>,
): Bilingual | null {
  if (overdue.length === 0) return null;
  const list = overdue.map((r) => ({ ...label(r.seq), at: formatShanghai(r.dueAt) }));
  return {
    zh: `${list.map((l) => `${l.zh}（应于 ${l.at} 前提交）`).join('、')}已逾期，报告提交并审核通过前不能审核拨付下一期经费`,
    en: `${list.map((l) => `${l.en} (due ${l.at}, Asia/Shanghai)`).join(', ')} is overdue: the next installment waits until it is submitted and accepted`,
  };
}
