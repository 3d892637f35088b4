import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertMayReadCasePolicy, CasePolicy, casePolicySchema } from '@kjflow/domain';
import { CasePolicyRepository } from '@kjflow/persistence';

/** The misconduct-case timings in force: the latest version, else the national defaults (RULES §11). */
@Injectable()
export class CasePolicyQueryService {
  private readonly policies: CasePolicyRepository;

  constructor(ds: DataSource) {
    this.policies = new CasePolicyRepository(ds);
  }

  async get(actor: Actor): Promise<CasePolicy> {
    assertMayReadCasePolicy(actor);
    return this.inForce();
  }

  /** What a case reported now runs on (read for the use cases that have checked who acts). */
  async inForce(): Promise<CasePolicy> {
    const row = await this.policies.current();
    return casePolicySchema.parse(row?.policy ?? {});
  }
}
