import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Actor, assertMayVerifyAudit, AuditReportView } from '@kjflow/domain';
import { AuditRepository, AuditSigner } from '@kjflow/persistence';

/** Verification and signed exports of the audit trail (issue 19 §3). Reads only. */
@Injectable()
export class AuditService {
  private readonly repo: AuditRepository;
  readonly signer = new AuditSigner();

  constructor(ds: DataSource) {
    this.repo = new AuditRepository(ds);
  }

  async verify(actor: Actor): Promise<AuditReportView> {
    assertMayVerifyAudit(actor);
    const report = await this.repo.verify(this.signer);
    return { ...report, lastAnchorAt: report.lastAnchorAt?.toISOString() ?? null, keyId: this.signer.keyId };
  }

  async export(actor: Actor, from: Date, to: Date): Promise<string> {
    assertMayVerifyAudit(actor);
    return this.repo.export(this.signer, from, to, new Date());
  }

  publicKey(actor: Actor) {
    assertMayVerifyAudit(actor);
    return {
      algorithm: 'Ed25519' as const,
      keyId: this.signer.keyId,
      publicKey: this.signer.publicKeyPem(),
      development: this.signer.development,
    };
  }
}
