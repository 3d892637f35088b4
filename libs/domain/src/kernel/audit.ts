import { z } from 'zod';
import { bilingualSchema } from './messages';

/** The first break the verifier found in one stream (a subject's chain) or in the anchors. */
export const auditFindingSchema = z.object({
  kind: z
    .enum(['edited', 'deleted', 'inserted', 'anchor'])
    .describe(
      'edited: content or hash changed; deleted: events missing; inserted: an event not written by the event store; anchor: an anchor does not verify',
    ),
  stream: z.string().describe('`<subjectType>:<subjectId>`, or `anchor:<id>`'),
  eventId: z
    .uuid()
    .nullable()
    .describe('The event named: the edited or inserted one, for a deletion the first after the gap'),
  sequence: z.string().nullable(),
  streamPosition: z.string().nullable(),
  mismatch: bilingualSchema.describe('What did not match'),
});

export const auditReportSchema = z.object({
  ok: z.boolean(),
  checkedEvents: z.number().int(),
  anchors: z.number().int().describe('Signed anchors checked'),
  lastAnchorAt: z.string().nullable(),
  keyId: z.string().describe('The signing key the anchors were checked with'),
  findings: z.array(auditFindingSchema),
});
export type AuditReportView = z.infer<typeof auditReportSchema>;

const instant = z.iso.datetime({ offset: true });

export const auditExportQuerySchema = z
  .object({
    from: instant.describe('Start of the period (inclusive), ISO 8601 with offset'),
    to: instant.describe('End of the period (exclusive)'),
  })
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), {
    message: '`from` must be before `to`',
    params: { zh: '起始时间必须早于结束时间' },
    path: ['to'],
  });

export const auditPublicKeySchema = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKey: z.string().describe('SPKI PEM'),
  development: z.boolean().describe('True while the development key signs (KJ_AUDIT_SIGNING_KEY unset)'),
});
