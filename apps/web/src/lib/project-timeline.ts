/**
 * A project's execution as one timeline: its start, each progress report, each change request, the
 * mid-term check, the acceptance and the end of its term, in time order. Each entry is what the
 * API reports of that step (its status code, overdue or not); the page words it.
 */
export interface TimelineEntry {
  /** When it happened, or when it is due (an instant, or a YYYY-MM-DD date). */
  at: string;
  kind: 'start' | 'report' | 'change' | 'midterm' | 'acceptance' | 'end';
  /** A report's number, a change's kind. */
  ref: string | number | null;
  /** The step's status (report, change, mid-term or acceptance phase); null when it has none. */
  status: string | null;
  /** Done (submitted, decided, passed); otherwise still ahead or waiting. */
  done: boolean;
  overdue: boolean;
}

export interface TimelineInput {
  project: { startsOn: string; endsOn: string; status: string; acceptedOn: string | null };
  reports: ReadonlyArray<{
    seq: number;
    dueAt: string;
    status: string;
    overdue: boolean;
    versions: ReadonlyArray<{ submittedAt: string }>;
  }>;
  changes: ReadonlyArray<{ kind: string; status: string; requestedAt: string; decidedAt: string | null }>;
  midterm: {
    opensAt: string;
    phase: string | null;
    overdue: boolean;
    decision: { decidedAt: string } | null;
  } | null;
  acceptance: {
    phase: string | null;
    applyBy: string | null;
    submittedAt: string | null;
    overdue: boolean;
  } | null;
}

const ENDED = ['terminated', 'revoked', 'accepted', 'closed', 'failed'];

export function projectTimeline({
  project,
  reports,
  changes,
  midterm,
  acceptance,
}: TimelineInput): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    { at: project.startsOn, kind: 'start', ref: null, status: null, done: true, overdue: false },
  ];
  for (const r of reports) {
    const last = r.versions[r.versions.length - 1];
    entries.push({
      // A submitted report sits where it was submitted; one still due where it is due.
      at: last && r.status !== 'due' ? last.submittedAt : r.dueAt,
      kind: 'report',
      ref: r.seq,
      status: r.status,
      done: r.status === 'submitted' || r.status === 'confirmed' || r.status === 'accepted',
      overdue: r.overdue,
    });
  }
  for (const c of changes)
    entries.push({
      at: c.requestedAt,
      kind: 'change',
      ref: c.kind,
      status: c.status,
      done: c.status !== 'pending',
      overdue: false,
    });
  if (midterm)
    entries.push({
      at: midterm.decision?.decidedAt ?? midterm.opensAt,
      kind: 'midterm',
      ref: null,
      status: midterm.phase,
      done: midterm.phase === 'decided',
      overdue: midterm.overdue,
    });
  if (acceptance && (acceptance.phase || acceptance.applyBy))
    entries.push({
      at: acceptance.submittedAt ?? acceptance.applyBy ?? project.endsOn,
      kind: 'acceptance',
      ref: null,
      status: acceptance.phase,
      done: acceptance.phase === 'final',
      overdue: acceptance.overdue,
    });
  entries.push({
    at: project.acceptedOn ?? project.endsOn,
    kind: 'end',
    ref: null,
    status: project.status,
    done: ENDED.includes(project.status),
    overdue: false,
  });
  // Stable: entries at the same time keep the order above (the start first, the end last).
  return entries
    .map((e, i) => ({ e, i, t: Date.parse(e.at) }))
    .sort((a, b) => a.t - b.t || a.i - b.i)
    .map(({ e }) => e);
}
