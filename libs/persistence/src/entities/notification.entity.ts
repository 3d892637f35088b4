import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** Where a reader of the event log (a dispatcher) has got to: (transaction id, sequence). */
@Entity({ name: 'event_consumers' })
export class EventConsumerEntity {
  @PrimaryColumn('text')
  name!: string;

  @Column('bigint', { name: 'cursor_tx' })
  cursorTx!: string;

  @Column('bigint', { name: 'cursor_sequence' })
  cursorSequence!: string;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

/** One version of a notification template (kind × language); rows are never edited. */
@Entity({ name: 'notification_templates' })
export class NotificationTemplateEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: string;

  @Column('text')
  language!: string;

  @Column('int')
  version!: number;

  @Column('text')
  subject!: string;

  @Column('text')
  body!: string;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** A user's channels for one kind; a kind without a row is on in every channel. */
@Entity({ name: 'notification_preferences' })
export class NotificationPreferenceEntity {
  @PrimaryColumn('uuid', { name: 'user_id' })
  userId!: string;

  @PrimaryColumn('text')
  kind!: string;

  @Column('boolean', { name: 'in_app' })
  inApp!: boolean;

  @Column('boolean')
  email!: boolean;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

/** One notification of one event to one recipient on one channel, rendered when written. */
@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('text')
  kind!: string;

  /** The user's id, or `email:<address>` for a recipient without an account (an objector). */
  @Column('text')
  recipient!: string;

  @Column('uuid', { name: 'user_id', nullable: true })
  userId!: string | null;

  @Column('text', { nullable: true })
  email!: string | null;

  @Column('text')
  channel!: 'in_app' | 'email';

  @Column('text')
  language!: string;

  @Column('text')
  subject!: string;

  @Column('text')
  body!: string;

  @Column('text')
  link!: string;

  @Column('int', { name: 'template_version' })
  templateVersion!: number;

  @Column('text')
  status!: 'pending' | 'sent' | 'failed' | 'delivered';

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'sent_at', nullable: true })
  sentAt!: Date | null;

  @Column('timestamptz', { name: 'read_at', nullable: true })
  readAt!: Date | null;
}

@Entity({ name: 'webhooks' })
export class WebhookEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  url!: string;

  @Column('text')
  secret!: string;

  @Column('text', { name: 'event_types', array: true })
  eventTypes!: string[];

  @Column('text', { nullable: true })
  description!: string | null;

  @Column('boolean', { default: true })
  active!: boolean;

  @Column('boolean', { default: false })
  deleted!: boolean;

  @Column('uuid', { name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' })
  updatedAt!: Date;
}

@Entity({ name: 'webhook_deliveries' })
export class WebhookDeliveryEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'webhook_id' })
  webhookId!: string;

  @Column('uuid', { name: 'event_id' })
  eventId!: string;

  @Column('text', { name: 'event_type' })
  eventType!: string;

  @Column('uuid', { name: 'replay_of', nullable: true })
  replayOf!: string | null;

  @Column('text')
  status!: 'pending' | 'delivered' | 'failed';

  @Column('int', { default: 0 })
  attempts!: number;

  @Column('int', { name: 'last_status_code', nullable: true })
  lastStatusCode!: number | null;

  @Column('text', { name: 'last_error', nullable: true })
  lastError!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column('timestamptz', { name: 'delivered_at', nullable: true })
  deliveredAt!: Date | null;
}
