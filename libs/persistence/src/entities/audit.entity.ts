import { Column, Entity, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * The head of one subject's hash chain (audit-chain.ts): its row lock lines up that subject's
 * appends; `anchored_position` tells the next anchor whether it moved. A cache of the chain, not
 * its truth: the verifier reads domain_events.
 */
@Entity({ name: 'audit_stream_heads' })
export class AuditStreamHeadEntity {
  @PrimaryColumn('text')
  stream!: string;

  @Column('bigint')
  position!: string;

  @Column('text')
  hash!: string;

  @Column('bigint', { name: 'anchored_position', default: 0 })
  anchoredPosition!: string;
}

/** A signed anchor: the heads that moved since the previous one, chained to it. Append-only. */
@Entity({ name: 'audit_anchors' })
export class AuditAnchorEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column('timestamptz', { name: 'created_at' })
  createdAt!: Date;

  @Column('jsonb')
  heads!: Record<string, [number, string]>;

  @Column('text', { name: 'prev_hash' })
  prevHash!: string;

  @Column('text', { unique: true })
  hash!: string;

  @Column('text')
  signature!: string;

  @Column('text', { name: 'key_id' })
  keyId!: string;
}
