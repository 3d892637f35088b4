import {
  allHandlersFinished,
  condition,
  patched,
  proxyActivities,
  setHandler,
  uuid4,
} from '@temporalio/workflow';
import type { CalendarBasis } from '@kjflow/domain/kernel/calendar-year';
import { workingDayCalendar } from '@kjflow/domain/kernel/calendar.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import { addDuration, compareDurations } from '@kjflow/domain/kernel/iso-duration.rules';
import {
  appealSchema,
  caseDecisionSchema,
  CaseSpec,
  CaseStatus,
  extensionSchema,
  findingSchema,
  nextCaseStatus,
  reviewSchema,
} from '@kjflow/domain/credit/misconduct-case.rules';
import type { Transition } from '@kjflow/domain/kernel/state-machine.rules';
import { shanghaiDate } from '@kjflow/domain/kernel/time.rules';
import { parseOrThrow } from '@kjflow/domain/kernel/validation.rules';
import type { Activities, CaseUpdateRecord } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  CaseActionArgs,
  caseCreatedUpdate,
  CaseState,
  caseStateQuery,
  decideCaseUpdate,
  extendInvestigationUpdate,
  fileAppealUpdate,
  recordFindingUpdate,
  reviewCaseUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

/**
 * One workflow per misconduct case (`misconduct-case-<id>`). It holds the case's time: the
 * investigation deadline (with one extension and a reminder), and the appeal window counted in
 * working days on the State Council calendar. The credit record is written once the decision is
 * effective — unappealed, upheld or changed on review — and never when it is overturned.
 */
export async function caseWorkflow(spec: CaseSpec): Promise<CaseState> {
  const state: CaseState = {
    caseId: spec.id,
    status: 'reported',
    investigationDeadline: null,
    extended: false,
    appealDeadline: null,
    finding: null,
    review: null,
    creditRecordId: null,
  };
  let created = false;
  let step = 0;
  /** The step of the move to `effective`: the credit record points at its event. */
  let effectiveStep: string | null = null;
  const nextStep = (name: string) => `${++step}:${name}`;
  // The main body's own writes go through the same queue as the handlers, so a decision in flight
  // (an appeal, a finding) is never overtaken by a timer.
  const { guarded, serial } = handlerQueue(state);

  async function move(
    command: Parameters<typeof nextCaseStatus>[1],
    actorId: string | null,
    reason: string | null,
    extra: { payload?: Record<string, unknown>; patch?: CaseUpdateRecord['patch'] } = {},
  ) {
    const t: Transition<CaseStatus> = nextCaseStatus(state.status, command);
    const moveStep = nextStep(t.event);
    if (t.to === 'effective') effectiveStep = moveStep;
    await acts.updateCase({
      id: spec.id,
      event: t.event,
      transition: t,
      actorId,
      reason,
      ...extra,
      step: moveStep,
      at: Date.now(),
    });
    state.status = t.to;
  }

  async function note(event: string, payload: Record<string, unknown>, patch?: CaseUpdateRecord['patch']) {
    await acts.updateCase({
      id: spec.id,
      event,
      transition: null,
      actorId: null,
      reason: null,
      payload,
      patch,
      step: nextStep(event),
      at: Date.now(),
    });
  }

  setHandler(caseStateQuery, () => state);
  setHandler(caseCreatedUpdate, async () => {
    await condition(() => created);
    return state;
  });

  const validateDecide = (a: CaseActionArgs) =>
    check(() => {
      const d = parseOrThrow(caseDecisionSchema, a.input, '立案决定');
      nextCaseStatus(state.status, d.action);
    });
  setHandler(
    decideCaseUpdate,
    guarded<CaseActionArgs>(async (a) => {
      validateDecide(a);
      const d = parseOrThrow(caseDecisionSchema, a.input);
      if (d.action === 'dismiss') return move('dismiss', a.actorId, d.reason ?? null);
      const deadline = addDuration(new Date(Date.now()), spec.policy.investigation).toISOString();
      await move('accept', a.actorId, d.reason ?? null, { patch: { investigationDeadline: deadline } });
      state.investigationDeadline = deadline;
    }),
    { validator: validateDecide },
  );

  const validateExtend = (a: CaseActionArgs) =>
    check(() => {
      const e = parseOrThrow(extensionSchema, a.input, '延期申请');
      if (state.status !== 'investigating') throw refuseNotInvestigating();
      if (state.extended) {
        throw new DomainError('invalid_state', {
          zh: '调查期限只能延长一次',
          en: 'The investigation can be extended only once',
        });
      }
      if (compareDurations(e.extension, spec.policy.maxExtension) > 0) {
        const message = {
          zh: `延长期限不得超过 ${spec.policy.maxExtension}`,
          en: `The extension may not exceed ${spec.policy.maxExtension}`,
        };
        throw new DomainError('validation_failed', message, [{ path: 'extension', message }]);
      }
    });
  setHandler(
    extendInvestigationUpdate,
    guarded<CaseActionArgs>(async (a) => {
      validateExtend(a);
      const e = parseOrThrow(extensionSchema, a.input);
      const deadline = addDuration(new Date(state.investigationDeadline!), e.extension).toISOString();
      await acts.updateCase({
        id: spec.id,
        event: 'case.investigation_extended',
        transition: null,
        actorId: a.actorId,
        reason: e.reason,
        payload: { extension: e.extension, investigationDeadline: deadline },
        patch: { investigationDeadline: deadline, extended: true },
        step: nextStep('extended'),
        at: Date.now(),
      });
      state.investigationDeadline = deadline;
      state.extended = true;
    }),
    { validator: validateExtend },
  );

  const validateFinding = (a: CaseActionArgs) =>
    check(() => {
      parseOrThrow(findingSchema, a.input, '调查结论');
      nextCaseStatus(state.status, 'find');
    });
  setHandler(
    recordFindingUpdate,
    guarded<CaseActionArgs>(async (a) => {
      validateFinding(a);
      const finding = parseOrThrow(findingSchema, a.input);
      const now = Date.now();
      // The appeal window: working days on the calendar in force, from an activity so a replay
      // sees the same days (a fixed override in tests). Findings recorded before the calendar
      // became data replay on the bundled years.
      let appealDeadline: string;
      let appealCalendar: CalendarBasis | undefined;
      if (spec.policy.appealWindowOverride) {
        appealDeadline = addDuration(new Date(now), spec.policy.appealWindowOverride).toISOString();
      } else if (patched('calendar-activity')) {
        const d = await acts.workingDayDeadline({ from: now, workingDays: spec.policy.appealWorkingDays });
        appealDeadline = d.end;
        appealCalendar = d.calendar;
      } else {
        appealDeadline = workingDayCalendar()
          .endOfWorkingDaysUtc(now, spec.policy.appealWorkingDays)
          .toISOString();
      }
      const calendar = appealCalendar ? { appealCalendar } : {};
      await move('find', a.actorId, null, {
        payload: { finding, appealDeadline, ...calendar },
        patch: { finding, appealDeadline, ...calendar },
      });
      state.finding = finding;
      state.appealDeadline = appealDeadline;
    }),
    { validator: validateFinding },
  );

  const validateAppeal = (a: CaseActionArgs) =>
    check(() => {
      parseOrThrow(appealSchema, a.input, '申诉');
      nextCaseStatus(state.status, 'appeal');
      if (Date.now() >= new Date(state.appealDeadline!).getTime()) {
        throw new DomainError('window_closed', { zh: '申诉期已过', en: 'The appeal window has closed' });
      }
    });
  setHandler(
    fileAppealUpdate,
    guarded<CaseActionArgs>(async (a) => {
      validateAppeal(a);
      const { reason } = parseOrThrow(appealSchema, a.input);
      await move('appeal', a.actorId, reason);
    }),
    { validator: validateAppeal },
  );

  const validateReview = (a: CaseActionArgs) =>
    check(() => {
      const r = parseOrThrow(reviewSchema, a.input, '复查结论');
      nextCaseStatus(state.status, `review:${r.outcome}`);
    });
  setHandler(
    reviewCaseUpdate,
    guarded<CaseActionArgs>(async (a) => {
      validateReview(a);
      const review = parseOrThrow(reviewSchema, a.input);
      await move(`review:${review.outcome}`, a.actorId, review.reason, {
        payload: { review },
        patch: { review },
      });
      state.review = review;
      // A review that makes the decision effective answers with the credit record it causes.
      if (state.status === 'effective' && patched('review-answers-with-credit')) {
        await condition(() => state.creditRecordId !== null);
      }
    }),
    { validator: validateReview },
  );

  await acts.createCase(spec, Date.now());
  created = true;

  await condition(() => state.status !== 'reported');
  // Investigation: remind before the deadline, flag it when passed, until the finding.
  let reminded: string | null = null;
  let overdue: string | null = null;
  while (state.status === 'investigating') {
    const deadline = state.investigationDeadline!;
    const due = new Date(deadline).getTime();
    const remindAt = due - (addDuration(new Date(due), spec.policy.reminderBefore).getTime() - due);
    const pending = reminded !== deadline ? remindAt : overdue !== deadline ? due : null;
    const moved = () => state.status !== 'investigating' || state.investigationDeadline !== deadline;
    if (pending === null) {
      await condition(moved);
      continue;
    }
    if (await condition(moved, Math.max(pending - Date.now(), 1))) continue;
    await serial(async () => {
      if (moved()) return;
      if (reminded !== deadline) {
        reminded = deadline;
        await note('case.investigation_reminder', { investigationDeadline: deadline });
      } else {
        overdue = deadline;
        await note('case.investigation_overdue', { investigationDeadline: deadline });
      }
    });
  }

  // Appeal window: unappealed by its end, the decision becomes effective.
  if (state.status === 'decided') {
    const untilClose = new Date(state.appealDeadline!).getTime() - Date.now();
    const appealed = untilClose > 0 && (await condition(() => state.status !== 'decided', untilClose));
    if (!appealed) {
      await serial(async () => {
        if (state.status === 'decided') await move('lapse_appeal', null, null);
      });
    }
  }
  await condition(() => state.status !== 'under_review');

  if (state.status === 'effective') {
    const finding = state.finding!;
    const review = state.review;
    const creditRecordId = uuid4();
    await acts.recordCredit({
      id: creditRecordId,
      subject: spec.report.subject,
      kind: finding.category,
      severity: review?.outcome === 'changed' ? review.severity! : finding.severity,
      stage: 'case',
      projectId: spec.report.projectId,
      facts: finding.facts,
      evidenceRefs: spec.report.evidenceRefs,
      decisionNo: finding.decisionNo,
      effectiveFrom: shanghaiDate(Date.now()),
      effectiveUntil: null,
      referencesRecordId: null,
      isPublic: finding.isPublic,
      caseId: spec.id,
      sourceEvent: { workflowId: workflowIds.misconductCase(spec.id), step: effectiveStep! },
      recordedBy: null,
      workflowId: workflowIds.misconductCase(spec.id),
      step: 'credit-record',
      at: Date.now(),
    });
    await note('case.credit_recorded', { creditRecordId }, { creditRecordId });
    state.creditRecordId = creditRecordId;
  }
  await condition(allHandlersFinished);
  return state;
}

function refuseNotInvestigating() {
  return new DomainError('invalid_state', {
    zh: '案件不在调查阶段',
    en: 'The case is not under investigation',
  });
}
