import {
  allHandlersFinished,
  condition,
  continueAsNew,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  startChild,
} from '@temporalio/workflow';
import {
  assertMayApproveAward,
  assertNoticeRunning,
  assertObjectionAccepted,
  awardCommandForDecision,
  fixedNoticePeriod,
  nextAwardStatus,
  noticePeriod,
} from '@kjflow/domain/award/award.rules';
import { DomainError } from '@kjflow/domain/kernel/errors.rules';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import type { Role } from '@kjflow/domain/kernel/roles.rules';
import { agreementWorkflow } from './agreement.workflow';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  AddEvidenceArgs,
  addEvidenceUpdate,
  AwardProposal,
  awardProposedUpdate,
  AwardState,
  awardStateQuery,
  DecideAwardArgs,
  decideAwardUpdate,
  DecideObjectionArgs,
  decideObjectionUpdate,
  FileObjectionArgs,
  fileObjectionUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface AwardInput {
  awardId: string;
  proposerId: string;
  chain: Role[];
  noticeWorkingDays: number;
  /**
   * The program template's fixed notice (`durations.noticePeriod`, drills and tests): the notice runs
   * this long on the clock instead of the working days.
   */
  noticePeriod?: string;
  /** The same, as awards proposed before templates carried it were given it (a deployment setting). */
  noticeOverride?: string;
  /**
   * The template's choice when an objection adjusts or cancels an award: the changed list is
   * republished and, when true (the default), the full period runs again from republication.
   */
  restartNoticeOnChange?: boolean;
  /**
   * The proposal, recorded by this workflow's first step (update-with-start): the award becomes
   * visible only once its workflow runs. Absent for awards whose rows the API wrote itself.
   */
  proposal?: AwardProposal;
}

/**
 * One award decision (`award-<id>`): the approval chain (four eyes), then the public notice
 * (公示) for the program's working days on the State Council calendar, objections filed and
 * answered during it, and finality once the notice has ended with no objection open: that event
 * (`award.finalized`) is what agreements are made from.
 */
export async function awardWorkflow(input: AwardInput): Promise<AwardState> {
  const id = input.awardId;
  const state: AwardState = {
    awardId: id,
    status: 'in_approval',
    decisions: [],
    notice: null,
    openObjections: 0,
  };
  const { serial, guarded } = handlerQueue(state);
  setHandler(awardStateQuery, () => state);
  let step = 0;

  // The award's record is this workflow's first write; commands queue behind it.
  const created = input.proposal
    ? serial(() =>
        acts.recordAward({
          awardId: id,
          type: 'award.submitted_for_approval',
          step: 'proposed',
          actorId: input.proposerId,
          at: Date.now(),
          proposal: {
            ...input.proposal!,
            proposerId: input.proposerId,
            chain: input.chain,
            noticeWorkingDays: input.noticeWorkingDays,
            restartNoticeOnChange: input.restartNoticeOnChange ?? true,
          },
        }),
      )
    : Promise.resolve();
  setHandler(awardProposedUpdate, async () => {
    await created;
    return state;
  });

  /** The notice as it would start now: the program's working days, or its fixed period. */
  const freshNotice = async (): Promise<NonNullable<AwardState['notice']>> => {
    const now = Date.now();
    // A fixed period does not consult the calendar (no activity: the same commands as before).
    const fixed = input.noticePeriod ?? input.noticeOverride;
    if (fixed) return fixedNoticePeriod(now, fixed);
    // The calendar in force (official, else provisional) comes from an activity, so a replay sees
    // the days it was counted on. Notices started before the calendar became data replay on the
    // bundled years.
    if (patched('calendar-activity')) {
      const d = await acts.workingDayDeadline({ from: now, workingDays: input.noticeWorkingDays });
      return { start: new Date(now).toISOString(), end: d.end, calendar: d.calendar };
    }
    const period = noticePeriod(new Date(now), input.noticeWorkingDays);
    return { start: period.start.toISOString(), end: period.end.toISOString() };
  };

  const startNotice = async () => {
    const t = nextAwardStatus(state.status, 'start_notice');
    const n = await freshNotice();
    await acts.recordAward({
      awardId: id,
      type: t.event,
      step: 'notice',
      actorId: null,
      at: Date.now(),
      status: t.to,
      notice: n,
    });
    state.notice = n;
    state.status = t.to;
  };

  const validateDecision = (args: DecideAwardArgs) =>
    check(() => {
      nextAwardStatus(state.status, args.decision === 'return' ? 'return' : 'approve');
      assertMayApproveAward(
        { id: args.actorId, roles: args.actorRoles },
        input.proposerId,
        input.chain,
        state.decisions,
      );
    });
  setHandler(
    decideAwardUpdate,
    guarded<DecideAwardArgs>(async (args) => {
      validateDecision(args);
      const command = awardCommandForDecision(input.chain, state.decisions, args.decision);
      const t = nextAwardStatus(state.status, command);
      const decisions = [
        ...state.decisions,
        { actorId: args.actorId, decision: args.decision, comments: args.comments ?? null, at: Date.now() },
      ];
      await acts.recordAward({
        awardId: id,
        type: t.event,
        step: `${++step}:${t.event}`,
        actorId: args.actorId,
        at: Date.now(),
        status: t.to,
        decisions,
        comments: args.comments ?? null,
      });
      state.decisions = decisions;
      state.status = t.to;
      // The approval's answer carries its notice: the period starts in the same command.
      if (state.status === 'approved' && patched('notice-with-approval')) await startNotice();
    }),
    { validator: validateDecision },
  );

  const notice = () => {
    if (!state.notice) return { start: new Date(8.64e15), end: new Date(8.64e15) };
    return { start: new Date(state.notice.start), end: new Date(state.notice.end) };
  };
  const validateObjection = (args: FileObjectionArgs) =>
    check(() => {
      nextAwardStatus(state.status, 'adjust'); // only while the notice runs
      assertObjectionAccepted(args.objection, notice(), Date.now());
    });
  setHandler(
    fileObjectionUpdate,
    guarded<FileObjectionArgs>(async (args) => {
      validateObjection(args);
      const o = assertObjectionAccepted(args.objection, notice(), Date.now());
      await acts.recordAward({
        awardId: id,
        type: 'award.objection_filed',
        step: `objection:${args.objectionId}`,
        actorId: null,
        at: Date.now(),
        objection: {
          id: args.objectionId,
          applicationId: o.applicationId,
          objector: o.objector,
          facts: o.facts,
          evidence: o.evidence,
          ...(args.receiptSha256 ? { receiptSha256: args.receiptSha256 } : {}),
        },
      });
      state.openObjections++;
    }),
    { validator: validateObjection },
  );

  // Evidence for an objection is taken while the notice runs, on the workflow's clock.
  const validateEvidence = (_args: AddEvidenceArgs) =>
    check(() => {
      nextAwardStatus(state.status, 'adjust'); // only while the notice runs
      const n = notice();
      assertNoticeRunning(n, Date.now());
    });
  setHandler(
    addEvidenceUpdate,
    guarded<AddEvidenceArgs>(async (args) => {
      validateEvidence(args);
      await acts.recordAward({
        awardId: id,
        type: 'award.evidence_uploaded',
        step: `evidence:${args.evidenceId}`,
        actorId: null,
        at: Date.now(),
        evidence: args,
      });
    }),
    { validator: validateEvidence },
  );

  // Objections are answered while the award is in notice, one answer per filed objection.
  const validateAnswer = (_args: DecideObjectionArgs) =>
    check(() => {
      nextAwardStatus(state.status, 'adjust');
      if (state.openObjections === 0)
        throw new DomainError('invalid_state', {
          zh: '没有待处理的异议',
          en: 'No objection is waiting for an answer',
        });
    });
  setHandler(
    decideObjectionUpdate,
    guarded<DecideObjectionArgs>(async (args) => {
      validateAnswer(args);
      await acts.recordAward({
        awardId: id,
        type: `award.objection_${args.outcome}`,
        step: `objection-decision:${args.objectionId}`,
        actorId: args.actorId,
        at: Date.now(),
        objectionDecision: {
          id: args.objectionId,
          applicationId: args.applicationId,
          outcome: args.outcome,
          answer: args.answer,
          adjustedAmountFen: args.adjustedAmountFen,
        },
      });
      state.openObjections--;
      // A changed outcome is republished (更正公示); awards decided before this existed did not.
      if (args.outcome !== 'maintain' && patched('notice-republish')) {
        const revision = (state.noticeRevision ?? 0) + 1;
        const n = input.restartNoticeOnChange === false ? state.notice! : await freshNotice();
        await acts.recordAward({
          awardId: id,
          type: 'award.notice_republished',
          step: `notice:${revision}`,
          actorId: args.actorId,
          at: Date.now(),
          status: state.status,
          notice: n,
          noticeRevision: revision,
        });
        state.notice = n;
        state.noticeRevision = revision;
      }
    }),
    { validator: validateAnswer },
  );

  // Approval: returned proposals end this workflow (a corrected proposal is a new one). Awards
  // approved before the notice started with the approval start it here.
  await condition(() => ['approved', 'returned', 'in_notice'].includes(state.status));
  if (state.status !== 'returned') {
    // Re-checked in the queue: the approving handler may be starting it at this moment.
    await serial(async () => {
      if (state.status === 'approved') await startNotice();
    });
    const remaining = () => new Date(state.notice!.end).getTime() - Date.now();
    // Final only when the notice has ended and every objection is answered. A republication
    // that restarted the period moves its end, and an objection may be mid-write when the timer
    // fires: the finalising step re-checks both in the handlers' queue and waits again if need be
    // (no extra timer unless the end moved, so earlier histories replay unchanged).
    let final = false;
    await sleep(Math.max(0, remaining()));
    while (!final) {
      await condition(() => state.openObjections === 0);
      if (remaining() > 0) {
        await sleep(remaining());
        continue;
      }
      final = await serial(async () => {
        if (remaining() > 0 || state.openObjections > 0) return false;
        const t = nextAwardStatus(state.status, 'finalize');
        await acts.recordAward({
          awardId: id,
          type: t.event,
          step: 'final',
          actorId: null,
          at: Date.now(),
          status: t.to,
          finalize: true,
        });
        state.status = t.to;
        return true;
      });
    }
    // Awards finalized before agreements existed end here (their histories replay unchanged).
    if (patched('agreements')) {
      // Each agreement's workflow starts first and writes its own record, so an agreement is
      // never visible before it takes signatures. Earlier awards wrote the rows, then started them.
      if (patched('agreement-workflow-first') && patched(AGREEMENTS_IN_PAGES)) {
        const at = Date.now();
        if (await startAgreementPage({ awardId: id, at, offset: 0 }))
          await startChild(awardAgreementsWorkflow, {
            workflowId: workflowIds.awardAgreements(id),
            args: [{ awardId: id, at, offset: AGREEMENT_PAGE }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
      } else if (patched('agreement-workflow-first')) {
        const plans = await acts.planAgreements({ awardId: id, at: Date.now() });
        for (const plan of plans)
          await startChild(agreementWorkflow, {
            workflowId: workflowIds.agreement(plan.agreementId),
            args: [{ agreementId: plan.agreementId, signBy: plan.signBy, create: plan }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
      } else {
        const agreements = await acts.createAgreements({ awardId: id, at: Date.now() });
        for (const a of agreements)
          await startChild(agreementWorkflow, {
            workflowId: workflowIds.agreement(a.agreementId),
            args: [{ agreementId: a.agreementId, signBy: a.signBy }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
      }
    }
  }
  await condition(allHandlersFinished);
  return state;
}

/**
 * Issue 17: an award of thousands of items would start thousands of agreement workflows from one
 * run (past the 2,000 pending children a run may hold, a history of ~5 events each, and a plan
 * list past the 2 MB payload limit). So the agreements are planned and started a page at a time:
 * the award starts the first page and, if there may be more, hands the rest to
 * awardAgreementsWorkflow, which starts one page per run and continues as new with the next
 * offset. Agreements are abandoned children (they outlive their starter), so each run holds at
 * most one page of pending children and a history of a few hundred events.
 */
const AGREEMENTS_IN_PAGES = 'award-agreements-in-pages';
export const AGREEMENT_PAGE = 200;

export interface AwardAgreementsInput {
  awardId: string;
  /** When the award became final: every page plans its signing deadlines from it. */
  at: number;
  offset: number;
}

/** Plans one page of the award's agreements and starts their workflows; true when the page was full. */
async function startAgreementPage(input: AwardAgreementsInput): Promise<boolean> {
  const plans = await acts.planAgreements({
    awardId: input.awardId,
    at: input.at,
    offset: input.offset,
    limit: AGREEMENT_PAGE,
  });
  await Promise.all(
    plans.map((plan) =>
      startChild(agreementWorkflow, {
        workflowId: workflowIds.agreement(plan.agreementId),
        args: [{ agreementId: plan.agreementId, signBy: plan.signBy, create: plan }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      }),
    ),
  );
  return plans.length === AGREEMENT_PAGE;
}

/** The agreements of a large award after its first page (`award-<id>-agreements`), a page per run. */
export async function awardAgreementsWorkflow(input: AwardAgreementsInput): Promise<void> {
  if (await startAgreementPage(input))
    await continueAsNew<typeof awardAgreementsWorkflow>({ ...input, offset: input.offset + AGREEMENT_PAGE });
}
