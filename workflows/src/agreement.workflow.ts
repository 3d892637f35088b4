import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { AGREEMENT_PARTIES, assertCanSign, assertRevisable } from '@kjflow/domain/rules/agreement';
import type { Activities } from './activities';
import { WRITE_ACTIVITY } from './lib/activity-options';
import {
  AgreementState,
  agreementStateQuery,
  ReviseAgreementArgs,
  reviseAgreementUpdate,
  SignAgreementArgs,
  signAgreementUpdate,
} from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>(WRITE_ACTIVITY);

export interface AgreementInput {
  agreementId: string;
  signBy: string;
}

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
