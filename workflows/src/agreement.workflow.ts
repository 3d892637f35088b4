import { allHandlersFinished, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import { AGREEMENT_PARTIES, assertCanSign } from '@kjflow/domain';
import type { Activities } from './activities';
import { AgreementState, agreementStateQuery, SignAgreementArgs, signAgreementUpdate } from './definitions';
import { check } from './lib/failures';
import { handlerQueue } from './lib/serial';

const acts = proxyActivities<Activities>({ startToCloseTimeout: '30 seconds' });

export interface AgreementInput {
  agreementId: string;
  signBy: string;
}

/**
 * One agreement (`agreement-<id>`): the PI, the host institution and the bureau sign before the
 * deadline (each signature recorded with its account and time); signed, the installments are
 * planned; not signed in time, it is forfeited (视为放弃) and the amount returns to the call.
 */
export async function agreementWorkflow(input: AgreementInput): Promise<AgreementState> {
  const id = input.agreementId;
  const state: AgreementState = { agreementId: id, status: 'draft', signed: [] };
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
