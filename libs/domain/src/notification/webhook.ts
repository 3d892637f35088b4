import { z } from 'zod';
import { bilingual } from '../kernel/validation';

/**
 * Webhooks: an administrator registers a URL, a secret and the event types to send. Deliveries
 * are signed the Stripe/Svix way (see libs/activities/src/webhook-signature.ts).
 */
const EVENT_TYPE = /^(\*|[a-z_]+\.(\*|[a-z_]+))$/;

const eventTypesSchema = z
  .array(
    z
      .string()
      .max(100)
      .regex(
        EVENT_TYPE,
        bilingual({
          zh: '事件类型格式为 subject.action（如 review.invited），可用 * 通配',
          en: 'An event type is subject.action (e.g. review.invited), or with a * wildcard',
        }),
      ),
  )
  .min(1)
  .max(100);

const urlSchema = z
  .url({ protocol: /^https?$/, ...bilingual({ zh: '请填写 http(s) 地址', en: 'Give an http(s) URL' }) })
  .max(2000);

const secretSchema = z
  .string()
  .min(16, bilingual({ zh: '密钥至少 16 个字符', en: 'The secret has at least 16 characters' }))
  .max(200)
  .regex(
    /^[\x21-\x7e]+$/,
    bilingual({ zh: '密钥只能包含可见 ASCII 字符', en: 'Visible ASCII characters only' }),
  );

export const webhookInputSchema = z.strictObject({
  url: urlSchema,
  secret: secretSchema.describe('Shared secret for the HMAC-SHA256 signature; never shown again'),
  eventTypes: eventTypesSchema.describe('Event types to send: exact, `subject.*` or `*`'),
  description: z.string().trim().max(500).optional(),
});
export type WebhookInput = z.infer<typeof webhookInputSchema>;

export const webhookPatchSchema = z
  .strictObject({
    url: urlSchema.optional(),
    secret: secretSchema.optional(),
    eventTypes: eventTypesSchema.optional(),
    description: z.string().trim().max(500).optional(),
    active: z.boolean().optional(),
  })
  .refine((p) => Object.keys(p).length > 0, bilingual({ zh: '没有要修改的字段', en: 'Nothing to change' }));
export type WebhookPatch = z.infer<typeof webhookPatchSchema>;

export const webhookViewSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.string().nullable(),
  active: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type WebhookView = z.infer<typeof webhookViewSchema>;

export const WEBHOOK_DELIVERY_STATUSES = ['pending', 'delivered', 'failed'] as const;

export const webhookDeliveryViewSchema = z.object({
  id: z.uuid(),
  webhookId: z.uuid(),
  eventId: z.uuid(),
  eventType: z.string(),
  replayOf: z.uuid().nullable(),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export type WebhookDeliveryView = z.infer<typeof webhookDeliveryViewSchema>;

/** Whether a webhook subscribed to `types` receives an event of `type` (`*`, `subject.*`, exact). */
export function webhookWants(types: readonly string[], type: string): boolean {
  const subject = type.split('.')[0];
  return types.some((t) => t === '*' || t === type || t === `${subject}.*`);
}
