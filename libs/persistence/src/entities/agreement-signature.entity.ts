import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AgreementParty } from '@kjflow/domain';

/** A party's signature of an agreement, naming the version signed; append-only (trigger). */
@Entity({ name: 'agreement_signatures' })
export class AgreementSignatureEntity {
  @PrimaryColumn('uuid', { name: 'agreement_id' })
  agreementId!: string;

  @PrimaryColumn('text')
  party!: AgreementParty;

  @Column('uuid', { name: 'signed_by' })
  signedBy!: string;

  @Column('timestamptz', { name: 'signed_at' })
  signedAt!: Date;

  @Column('int')
  version!: number;

  /** The PI accepted the performance pledge (军令状) with the signature. */
  @Column('boolean', { name: 'pledge_accepted' })
  pledgeAccepted!: boolean;
}
