import { Bilingual, DomainError } from '../kernel/errors.rules';
import { addDuration } from '../kernel/iso-duration.rules';

/**
 * The project (项目) in execution, zod-free as its workflow runs it (RULES §7–9, §14 Execution):
 * signing the agreement starts it (执行中); the program template's durations set its schedule.
 */
export const PROJECT_STATUSES = [
  'ongoing',
  'rectifying',
  'terminated',
  'revoked',
  'accepted',
  'closed',
  'failed',
] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];
export const PROJECT_STATUS_LABELS: Record<ProjectStatus, Bilingual> = {
  ongoing: { zh: '执行中', en: 'Ongoing' },
  rectifying: { zh: '限期整改', en: 'Rectifying' },
  terminated: { zh: '已终止', en: 'Terminated' },
  revoked: { zh: '已撤销', en: 'Revoked' },
  accepted: { zh: '已验收', en: 'Accepted' },
  closed: { zh: '已结题', en: 'Closed' },
  failed: { zh: '验收不通过', en: 'Failed acceptance' },
};
/** Statuses that end the project's execution: nothing is reported, changed or paid after them. */
export const FINISHED_PROJECT_STATUSES: readonly ProjectStatus[] = [
  'terminated',
  'revoked',
  'accepted',
  'closed',
  'failed',
];

/** A project whose execution has ended takes no more checks (409 with its status). */
export function assertProjectOngoing(status: string | undefined): void {
  if (status && FINISHED_PROJECT_STATUSES.includes(status as ProjectStatus)) {
    const label = PROJECT_STATUS_LABELS[status as ProjectStatus];
    throw new DomainError('invalid_state', {
      zh: `项目${label.zh}，执行已结束`,
      en: `The project is ${label.en.toLowerCase()}; its execution has ended`,
    });
  }
}

/** Statuses that count for 限项 (RULES §3): a project in execution, under rectification included. */
export const ACTIVE_PROJECT_STATUSES: readonly ProjectStatus[] = ['ongoing', 'rectifying'];

/** True for a project that counts for 限项 (any status text: earlier records are plain rows). */
export function isActiveProject(status: string): boolean {
  return (ACTIVE_PROJECT_STATUSES as readonly string[]).includes(status);
}

/** What a project's schedule is computed from: the signed agreement and its program template. */
export interface ProjectTerms {
  /** The term's start: the agreement's signing (UTC ISO instant). */
  startsAt: string;
  /** ISO 8601 durations of the template (RULES §7, §8, §9). */
  executionLength: string;
  reportCadence: string;
  /** Set when the template runs the midterm_check stage. */
  midtermPoint: string | null;
}

export interface ScheduledReport {
  /** 1-based, in order. */
  seq: number;
  /** The end of the period the report covers, which is also when it is due (UTC ISO). */
  dueAt: string;
}

export interface ProjectSchedule {
  startsAt: string;
  endsAt: string;
  /** Progress reports (进展报告), one per cadence step strictly inside the term. */
  reports: ScheduledReport[];
  /** When the mid-term check opens, or null for a program without one. */
  midtermAt: string | null;
}

/**
 * Terms of a call made without a program template: two years, a report every six months, no
 * mid-term check (RULES §8, §9: mid-term checks are for templates that run the stage).
 */
export const DEFAULT_PROJECT_DURATIONS = { executionLength: 'P2Y', reportCadence: 'P6M' } as const;

/** The terms of a project from its signing and its template (stages and durations, possibly absent). */
export function projectTermsOf(
  startsAt: string,
  template: {
    stages?: readonly string[];
    durations?: { executionLength?: string; reportCadence?: string; midtermPoint?: string };
  } | null,
): ProjectTerms {
  const d = template?.durations;
  const runsMidterm = template?.stages?.includes('midterm_check') ?? false;
  return {
    startsAt,
    executionLength: d?.executionLength ?? DEFAULT_PROJECT_DURATIONS.executionLength,
    reportCadence: d?.reportCadence ?? DEFAULT_PROJECT_DURATIONS.reportCadence,
    midtermPoint: runsMidterm ? (d?.midtermPoint ?? null) : null,
  };
}

/** Reports of one term are bounded (a P1D cadence over ten years is a template error, not a plan). */
export const MAX_SCHEDULED_REPORTS = 120;

/**
 * The project's schedule: the term, a progress report at each cadence step before the end (the
 * final report is the acceptance dossier, issue 16), and the mid-term point when the template runs
 * that stage and it falls inside the term.
 */
export function projectSchedule(terms: ProjectTerms): ProjectSchedule {
  const start = new Date(terms.startsAt);
  const end = addDuration(start, terms.executionLength);
  const reports: ScheduledReport[] = [];
  for (let k = 1; k <= MAX_SCHEDULED_REPORTS; k++) {
    // Each step from the start (not from the previous step), so month ends do not drift.
    const due = addDuration(start, repeat(terms.reportCadence, k));
    if (due.getTime() >= end.getTime()) break;
    reports.push({ seq: k, dueAt: due.toISOString() });
  }
  const midterm = terms.midtermPoint ? addDuration(start, terms.midtermPoint) : null;
  return {
    startsAt: start.toISOString(),
    endsAt: end.toISOString(),
    reports,
    midtermAt: midterm && midterm.getTime() < end.getTime() ? midterm.toISOString() : null,
  };
}

/** `iso` taken k times (P3M × 2 = P6M), component by component. */
function repeat(iso: string, k: number): string {
  return iso.replace(/(\d+(?:\.\d+)?)([YMWDHS])/g, (_, n: string, unit: string) => `${Number(n) * k}${unit}`);
}
