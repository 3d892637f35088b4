import {
  allHandlersFinished,
  condition,
  ParentClosePolicy,
  patched,
  proxyActivities,
  setHandler,
  startChild,
  uuid4,
} from '@temporalio/workflow';
import { workflowIds } from '@kjflow/domain/kernel/ids.rules';
import {
  AGREEMENT_PARTIES,
  assertCanSign,
  assertInstallmentCommand,
  assertMilestoneCheckOf,
  assertRevisable,
} from '@kjflow/domain/agreement/agreement.rules';
import type { Activities, AgreementPlan } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  AgreementExecution,
  CheckMilestoneArgs,
  checkMilestoneUpdate,
  InstallmentStepArgs,
  installmentStepUpdate,
  AgreementState,
  agreementStateQuery,
  ReviseAgreementArgs,
  reviseAgreementUpdate,
  SignAgreementArgs,
  signAgreementUpdate,
  agreementFactsChangedSignal,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface AgreementInput {
  agreementId: string;
  signBy: string;
  /** Agreements of final awards: the terms this workflow records as its first step. */
  create?: AgreementPlan;
  /**
   * Started by a command after the signing phase has ended (update-with-start on the same id):
   * the run reads the agreement's records, takes the commands and closes once idle.
   */
  reopened?: boolean;
}

/** A reopened run closes after this long without a command (the next one reopens it). */
const IDLE_MS = 60_000;

/**
 * One agreement (`agreement-<id>`): while in draft the bureau and the PI negotiate the terms (each
 * revision a new version); the PI, the host institution and the bureau sign the latest version
 * before the deadline (each signature recorded with its account and time), which locks the terms;
 * signed, the installments are planned; not signed in time, it is forfeited (视为放弃) and the
 * amount returns to the call.
 */
export async function agreementWorkflow(input: AgreementInput): Promise<AgreementState> {
  const id = input.agreementId;
  const state: AgreementState = { agreementId: id, status: 'draft', signed: [], version: 1 };
  const { serial, guarded } = handlerQueue(state);
  setHandler(agreementStateQuery, () => state);
  // The agreement's record is this workflow's first write: it is visible only once the workflow
  // runs, and every command queues behind it.
  if (input.create) void serial(() => acts.createAgreement(input.create!));

  // Milestone checks and installments are decided on the records, read once and then kept here.
  let loading: Promise<AgreementExecution> | null = null;
  const execution = () =>
    (loading ??= acts.agreementExecution({ agreementId: id }).then((e) => {
      state.execution = e;
      if (input.reopened) state.status = e.status;
      return e;
    }));
  let commands = 0;
  // Kept for histories only: projects recorded before 'agreement-reads-fresh-facts' signal here
  // when their facts change. New projects send nothing; the fresh read below is the one mechanism.
  setHandler(agreementFactsChangedSignal, () => {
    loading = null;
    state.execution = undefined;
  });

  const validateMilestone = (args: CheckMilestoneArgs) =>
    check(() => {
      if (state.execution) assertMilestoneCheckOf(state.execution, args.milestone);
    });
  setHandler(
    checkMilestoneUpdate,
    guarded<CheckMilestoneArgs>(async (args) => {
      commands++;
      const e = await execution();
      assertMilestoneCheckOf(e, args.milestone);
      await acts.recordAgreementExecution({
        agreementId: id,
        actorId: args.actorId,
        at: Date.now(),
        milestone: { milestone: args.milestone, outcome: args.outcome, opinion: args.opinion },
      });
      e.milestones = [...e.milestones, args.outcome];
    }),
    { validator: validateMilestone },
  );

  // The one freshness mechanism for installment facts: a project's reports, mid-term decision,
  // milestones and end move outside this workflow (its own workflow decides them), so an agreement
  // with a project reads its facts again at every installment command (the handler, not the
  // validator, on fresh facts). A read per command sees every change, also those nobody signals
  // (a report accepted, a report falling overdue), and costs one query per officer action.
  const validateInstallment = (args: InstallmentStepArgs) =>
    check(() => {
      if (state.execution && !state.execution.project)
        assertInstallmentCommand(state.execution, args.seq, args.step, args.actorId);
    });
  setHandler(
    installmentStepUpdate,
    guarded<InstallmentStepArgs>(async (args) => {
      commands++;
      if (state.execution?.project && patched('installment-fresh-facts')) loading = null;
      const e = await execution();
      const i = assertInstallmentCommand(e, args.seq, args.step, args.actorId);
      await acts.recordAgreementExecution({
        agreementId: id,
        actorId: args.actorId,
        at: Date.now(),
        installment: { seq: args.seq, step: args.step, amountFen: i.amountFen },
      });
      e.installments = e.installments.map((x) =>
        x.seq === args.seq
          ? args.step === 'approve'
            ? { ...x, status: 'approved', approvedBy: args.actorId }
            : { ...x, status: 'paid' }
          : x,
      );
    }),
    { validator: validateInstallment },
  );

  if (input.reopened) {
    // Signatures and revisions are refused on the loaded status; the run closes when idle.
    await serial(execution);
    let seen = -1;
    while (seen !== commands) {
      seen = commands;
      await condition(() => commands !== seen, IDLE_MS);
    }
    await condition(allHandlersFinished);
    return state;
  }

  const validate = (args: SignAgreementArgs) =>
    check(() => assertCanSign(state.status, state.signed, args.party, input.signBy, Date.now()));
  setHandler(
    signAgreementUpdate,
    guarded<SignAgreementArgs>(async (args) => {
      validate(args);
      await acts.recordAgreement({
        agreementId: id,
        type: 'agreement.signed_by',
        party: args.party,
        actorId: args.actorId,
        at: Date.now(),
        version: state.version,
        pledgeAccepted: args.pledgeAccepted ?? false,
      });
      state.signed = [...state.signed, args.party];
      if (AGREEMENT_PARTIES.every((p) => state.signed.includes(p))) {
        await acts.recordAgreement({
          agreementId: id,
          type: 'agreement.signed',
          actorId: null,
          at: Date.now(),
        });
        state.status = 'signed';
        // Read again when first needed: the signing planned the installments.
        loading = null;
        state.execution = undefined;
        // Signing starts the project (执行中), which owns everything from here to acceptance. The
        // last signer's answer names it; its record is its own first step.
        if (patched('project-at-signing')) {
          const projectId = uuid4();
          await startChild('projectWorkflow', {
            workflowId: workflowIds.project(projectId),
            args: [{ projectId, agreementId: id }],
            parentClosePolicy: ParentClosePolicy.ABANDON,
          });
          state.projectId = projectId;
        }
      }
    }),
    { validator: validate },
  );

  const validateRevision = (args: ReviseAgreementArgs) =>
    check(() => assertRevisable(state.status, state.signed, state.version ?? 1, args.revision.version));
  setHandler(
    reviseAgreementUpdate,
    guarded<ReviseAgreementArgs>(async (args) => {
      validateRevision(args);
      const newVersion = (state.version ?? 1) + 1;
      await acts.recordAgreement({
        agreementId: id,
        type: 'agreement.revised',
        actorId: args.actorId,
        at: Date.now(),
        revision: { ...args.revision, newVersion },
      });
      state.version = newVersion;
    }),
    { validator: validateRevision },
  );

  const allSigned = await condition(
    () => state.status === 'signed',
    Math.max(0, new Date(input.signBy).getTime() - Date.now()),
  );
  if (!allSigned)
    await serial(async () => {
      if (state.status !== 'draft') return;
      await acts.recordAgreement({
        agreementId: id,
        type: 'agreement.forfeited',
        actorId: null,
        at: Date.now(),
      });
      state.status = 'forfeited';
    });
  await condition(allHandlersFinished);
  return state;
}
