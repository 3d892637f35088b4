import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import {
  Actor,
  AgreementParty,
  AgreementRevision,
  agreementPartyOf,
  assertCanSign,
  assertPledgeAccepted,
  assertRevisable,
  forbidden,
  SignatureInput,
  workflowIds,
} from '@kjflow/domain';
import { AgreementRepository, AgreementRow } from '@kjflow/persistence';
import { projectRegisteredUpdate, reviseAgreementUpdate, signAgreementUpdate } from '@kjflow/workflows';
import { TEMPORAL_CLIENT } from '../infra/infra.module';
import { AgreementsQueryService } from './agreements-query.service';

/**
 * 任务书签订: the parties negotiate the draft's terms (each revision kept with its note), then the
 * PI, the host institution and the bureau sign the latest version before the deadline, through the
 * agreement's workflow. The first signature locks the terms; the last starts the project.
 */
@Injectable()
export class AgreementSigningCommandService {
  private readonly agreements: AgreementRepository;

  constructor(
    ds: DataSource,
    @Inject(TEMPORAL_CLIENT) private readonly temporal: Client,
    private readonly query: AgreementsQueryService,
  ) {
    this.agreements = new AgreementRepository(ds);
  }

  /** The PI of a challenge accepts the 军令状 with their signature (`performancePledge: true`). */
  async sign(id: string, input: SignatureInput, actor: Actor) {
    const a = await this.query.readableRow(id, actor);
    const party = partyOf(actor, a);
    if (!party) throw forbidden();
    assertPledgeAccepted(party, Boolean(a.content.performancePledge), input);
    try {
      const state = await this.temporal.workflow
        .getHandle(workflowIds.agreement(id))
        .executeUpdate(signAgreementUpdate, {
          args: [
            { actorId: actor.id, party, pledgeAccepted: party === 'pi' && input.performancePledge === true },
          ],
        });
      // The last signature started the project: answer once its record is written.
      if (state.projectId)
        await this.temporal.workflow
          .getHandle(workflowIds.project(state.projectId))
          .executeUpdate(projectRegisteredUpdate);
    } catch (err) {
      // The signing phase has ended: the same rule, on the record, says why.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      assertCanSign(a.status, await this.signed(id), party, a.signBy.toISOString(), Date.now());
      throw err;
    }
    return this.query.view(id);
  }

  /** 任务书协商: the bureau or the PI revises the terms from the latest version. */
  async revise(id: string, input: AgreementRevision, actor: Actor) {
    const a = await this.query.readableRow(id, actor);
    const party = partyOf(actor, a);
    if (party !== 'pi' && party !== 'bureau') throw forbidden();
    try {
      await this.temporal.workflow.getHandle(workflowIds.agreement(id)).executeUpdate(reviseAgreementUpdate, {
        args: [{ actorId: actor.id, revisionId: id, revision: input }],
      });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      assertRevisable(a.status, await this.signed(id), a.version, input.version);
      throw err;
    }
    return this.query.view(id);
  }

  private async signed(id: string): Promise<AgreementParty[]> {
    return (await this.agreements.signatures(id)).map((s) => s.party);
  }
}

/** The signer's party follows from their account (domain rule). */
function partyOf(actor: Actor, a: AgreementRow): AgreementParty | null {
  return agreementPartyOf(actor, { applicantId: a.applicantId, institutionId: a.institutionId });
}
