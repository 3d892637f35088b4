import type { MessageKey } from '../../i18n';

/**
 * A project's status timeline as its PI reads it: the signatures of the agreement, the start, each
 * progress report's due date, submissions and reviews, the mid-term check, the acceptance and the
 * end, in time order. Everything comes from what the API answers; what lies ahead is marked so.
 */
export interface TimelineEntry {
  /** Epoch ms, for the order. */
  at: number;
  /** The instant (ISO) or the Beijing date (YYYY-MM-DD) to show. */
  when: { iso: string } | { date: string };
  label: MessageKey;
  vars?: Record<string, string | number>;
  /** Beside the label: the API's bilingual text (a party), its free text (a comment) or a code to name (a decision). */
  note?: { zh: string; en: string } | string | { group: string; code: string };
  state: 'done' | 'upcoming' | 'late';
}

export interface TimelineInput {
  now: number;
  project: { startsOn: string; endsOn: string; acceptedOn: string | null };
  agreement?: {
    signatures: Array<{ partyLabel: { zh: string; en: string }; signedByName: string; signedAt: string }>;
  } | null;
  reports?: Array<{
    seq: number;
    dueAt: string;
    status: string;
    overdue: boolean;
    versions: Array<{
      version: number;
      submittedAt: string;
      reviews: Array<{ step: string; comment: string; at: string }>;
    }>;
  }>;
  midterm?: {
    opensAt: string;
    submission: { submittedAt: string } | null;
    confirmation: { confirmedAt: string } | null;
    decision: { decision: string; decidedAt: string } | null;
    fixBy: string | null;
  } | null;
  acceptance?: {
    applyBy: string | null;
    submittedAt: string | null;
    confirmation: { confirmedAt: string } | null;
    verdict: string | null;
    verdictLabel: { zh: string; en: string } | null;
    decidedAt: string | null;
  } | null;
}

/** A Beijing calendar date's start, as epoch ms. */
const dayStart = (date: string) => Date.parse(`${date}T00:00:00+08:00`);
const DAY_MS = 86_400_000;

export function projectTimeline(input: TimelineInput): TimelineEntry[] {
  const { now } = input;
  const out: TimelineEntry[] = [];
  const instant = (iso: string, label: MessageKey, extra: Partial<TimelineEntry> = {}) => {
    const at = Date.parse(iso);
    out.push({ at, when: { iso }, label, state: at <= now ? 'done' : 'upcoming', ...extra });
  };
  // A day's entry follows that day's instants (the start comes after the signatures that made it)
  // and counts as reached from the day's beginning.
  const day = (date: string, label: MessageKey, extra: Partial<TimelineEntry> = {}) => {
    const from = dayStart(date);
    out.push({
      at: from + DAY_MS - 1,
      when: { date },
      label,
      state: from <= now ? 'done' : 'upcoming',
      ...extra,
    });
  };

  for (const s of input.agreement?.signatures ?? [])
    instant(s.signedAt, 'exec.timeline.signed', { note: s.partyLabel, vars: { name: s.signedByName } });
  day(input.project.startsOn, 'exec.timeline.started');

  for (const r of input.reports ?? []) {
    for (const v of r.versions) {
      instant(v.submittedAt, 'exec.timeline.reportSubmitted', { vars: { n: r.seq, version: v.version } });
      for (const rv of v.reviews)
        instant(rv.at, `exec.timeline.report.${rv.step}` as MessageKey, {
          vars: { n: r.seq },
          ...(rv.comment ? { note: rv.comment } : {}),
        });
    }
    // The due date stands while nothing is sent for it; once sent, its versions tell the story.
    if (r.versions.length === 0)
      instant(r.dueAt, 'exec.timeline.reportDue', {
        vars: { n: r.seq },
        ...(r.overdue ? { state: 'late' as const } : {}),
      });
  }

  const m = input.midterm;
  if (m) {
    instant(m.opensAt, 'exec.timeline.midtermOpens');
    if (m.submission) instant(m.submission.submittedAt, 'exec.timeline.midtermSubmitted');
    if (m.confirmation) instant(m.confirmation.confirmedAt, 'exec.timeline.midtermConfirmed');
    if (m.decision)
      instant(m.decision.decidedAt, 'exec.timeline.midtermDecided', {
        note: { group: 'exec.midtermDecision', code: m.decision.decision },
      });
    if (m.fixBy && m.decision?.decision === 'rectify') instant(m.fixBy, 'exec.timeline.fixBy');
  }

  day(input.project.endsOn, 'exec.timeline.ends');

  const a = input.acceptance;
  if (a) {
    if (a.applyBy && !a.submittedAt) instant(a.applyBy, 'exec.timeline.applyBy');
    if (a.submittedAt) instant(a.submittedAt, 'exec.timeline.dossierSubmitted');
    if (a.confirmation) instant(a.confirmation.confirmedAt, 'exec.timeline.dossierConfirmed');
    if (a.decidedAt && a.verdictLabel)
      instant(a.decidedAt, 'exec.timeline.verdict', { note: a.verdictLabel });
  }
  if (input.project.acceptedOn) day(input.project.acceptedOn, 'exec.timeline.accepted');

  // Stable: equal instants keep the order they were added in (a signature before the start).
  return out
    .map((e, i) => [e, i] as const)
    .sort((x, y) => x[0].at - y[0].at || x[1] - y[1])
    .map(([e]) => e);
}
