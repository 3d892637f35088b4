import {
  AWARD_STATUS_LABELS,
  AwardStatus,
  calendarBasisView,
  formatShanghai,
  OBJECTION_OUTCOME_LABELS,
  ObjectionOutcome,
} from '@kjflow/domain';
import type {
  AwardEntity,
  AwardItemRow,
  HorseRaceEntity,
  ObjectionEntity,
  ObjectionEvidenceEntity,
} from '@kjflow/persistence';

/** What the API answers about awards and objections: rows of the read model as the client sees them. */

export interface AwardView {
  id: string;
  callId: string;
  roundId: string | null;
  status: AwardStatus;
  statusLabel: { zh: string; en: string };
  chain: string[];
  decisions: Array<{
    actorId: string;
    decision: string;
    comments: string | null;
    at: string | null;
    atLocal: string | null;
  }>;
  proposedBy: string;
  note: string | null;
  notice: {
    workingDays: number;
    start: string;
    end: string;
    startLocal: string;
    endLocal: string;
    /** 0 as first published; each changed outcome republishes it (更正公示). */
    revision: number;
    republishedAt: string | null;
    restartsOnChange: boolean;
    /** What the working days were counted on, with the sentence the notice carries; null for a fixed period. */
    calendar: ReturnType<typeof calendarBasisView> | null;
  } | null;
  finalizedAt: string | null;
  items: Array<{
    applicationId: string;
    title: string;
    institution: string | null;
    amountFen: number;
    status: string;
    reason: string | null;
  }>;
  horseRace: {
    applicationIds: string[];
    midpointDate: string;
    gapPercent: number;
    routesStatement: string;
  } | null;
}

export function awardView(a: AwardEntity, items: AwardItemRow[], race: HorseRaceEntity | null): AwardView {
  return {
    id: a.id,
    callId: a.callId,
    roundId: a.roundId,
    status: a.status,
    statusLabel: AWARD_STATUS_LABELS[a.status],
    chain: a.chain,
    // Each decision keeps its reasons; older awards recorded no comments or time.
    decisions: a.decisions.map((d) => ({
      actorId: d.actorId,
      decision: d.decision,
      comments: d.comments ?? null,
      at: d.at ? new Date(d.at).toISOString() : null,
      atLocal: d.at ? formatShanghai(d.at) : null,
    })),
    proposedBy: a.proposedBy,
    note: a.note,
    notice: a.noticeStart
      ? {
          workingDays: a.noticeWorkingDays,
          start: a.noticeStart.toISOString(),
          end: a.noticeEnd!.toISOString(),
          startLocal: formatShanghai(a.noticeStart),
          endLocal: formatShanghai(a.noticeEnd!),
          revision: a.noticeRevision,
          republishedAt: a.noticeRepublishedAt ? a.noticeRepublishedAt.toISOString() : null,
          restartsOnChange: a.restartNotice,
          calendar: a.noticeCalendar ? calendarBasisView(a.noticeCalendar) : null,
        }
      : null,
    finalizedAt: a.finalizedAt ? a.finalizedAt.toISOString() : null,
    items: items.map((i) => ({
      applicationId: i.applicationId,
      title: i.title,
      institution: i.institution,
      amountFen: i.amountFen,
      status: i.status,
      reason: i.reason,
    })),
    horseRace: race
      ? {
          applicationIds: race.applicationIds,
          midpointDate: race.midpointDate,
          gapPercent: Number(race.gapPercent),
          routesStatement: race.routesStatement,
        }
      : null,
  };
}

export interface ObjectionView {
  id: string;
  applicationId: string;
  objector: object;
  facts: string;
  evidence: Array<{
    ref: string;
    file: { id: string; name: string; mediaType: string; sizeBytes: number; href: string } | null;
  }>;
  status: string;
  statusLabel: { zh: string; en: string };
  answer: string | null;
  filedAt: string;
  filedAtLocal: string;
  decidedAtLocal: string | null;
}

/** An objection's state in words: its outcome once decided, else under investigation. */
export function objectionStatusLabel(status: string): { zh: string; en: string } {
  return status === 'open'
    ? { zh: '核查中', en: 'Under investigation' }
    : OBJECTION_OUTCOME_LABELS[status as ObjectionOutcome];
}

/** An objection with the evidence it names: an uploaded file of this award's notice, or a reference. */
export function objectionView(
  awardId: string,
  o: ObjectionEntity,
  files: ObjectionEvidenceEntity[],
): ObjectionView {
  const fileOf = (ref: string) => {
    const f = files.find((x) => x.id === ref);
    return f
      ? {
          id: f.id,
          name: f.fileName,
          mediaType: f.mediaType,
          sizeBytes: f.sizeBytes,
          href: `/awards/${awardId}/evidence/${f.id}`,
        }
      : null;
  };
  return {
    id: o.id,
    applicationId: o.applicationId,
    objector: o.objector,
    facts: o.facts,
    evidence: o.evidence.map((ref) => ({ ref, file: fileOf(ref) })),
    status: o.status,
    statusLabel: objectionStatusLabel(o.status),
    answer: o.answer,
    filedAt: o.filedAt.toISOString(),
    filedAtLocal: formatShanghai(o.filedAt),
    decidedAtLocal: o.decidedAt ? formatShanghai(o.decidedAt) : null,
  };
}
