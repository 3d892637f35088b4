import { z } from 'zod';
import { fenSchema } from '../kernel/money';
import { pageQuerySchema, searchTextSchema } from '../kernel/page';
import { bilingual } from '../kernel/validation';
import { CALL_STATUSES, MODES } from './call.rules';

// Statuses, windows and the spec are zod-free (workflow code runs them): call.rules.ts.
export * from './call.rules';

export const modeSchema = z.enum(MODES);

export const callStatusSchema = z.enum(CALL_STATUSES);

export const callWindowSchema = z.object({
  windowStart: z.coerce.date(),
  windowEnd: z.coerce.date(),
});
export type CallWindow = z.infer<typeof callWindowSchema>;

export const createCallSchema = z
  .object({
    title: z.string().trim().min(2).max(200),
    mode: modeSchema,
    windowStart: z.iso.datetime({ offset: true }).describe('ISO 8601 with offset; stored in UTC'),
    windowEnd: z.iso.datetime({ offset: true }),
    budgetCapFen: fenSchema.positive(),
    totalBudgetFen: fenSchema
      .positive()
      .optional()
      .describe('The whole call’s budget, in fen; awards never exceed it'),
    invitedInstitutionIds: z
      .array(z.uuid())
      .min(1)
      .max(20)
      .optional()
      .describe(
        'Directed commission (定向委托): the institutions the bureau names; required for mode directed',
      ),
    templateCode: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .optional()
      .describe('The program template the call follows, of the same mode (a guide’s call takes the guide’s)'),
    topicId: z
      .uuid()
      .optional()
      .describe('Directed commission: the topic the named performer is commissioned for'),
  })
  .refine(
    (c) => (c.mode === 'directed') === (c.invitedInstitutionIds !== undefined),
    bilingual(
      {
        zh: '定向委托须指定受托单位，其他方式不得指定',
        en: 'A directed call names its institutions; other modes do not',
      },
      ['invitedInstitutionIds'],
    ),
  )
  .refine(
    (c) => c.topicId === undefined || c.mode === 'directed',
    bilingual(
      {
        zh: '只有定向委托在创建批次时指定委托方向；其他方式的方向来自指南',
        en: 'Only a directed call names its topic here; other modes take topics from their guide',
      },
      ['topicId'],
    ),
  )
  .refine(
    // Only compared once both parse; a malformed date already has its own message.
    (c) =>
      Number.isNaN(Date.parse(c.windowStart)) ||
      Number.isNaN(Date.parse(c.windowEnd)) ||
      new Date(c.windowEnd) > new Date(c.windowStart),
    bilingual({ zh: '截止时间必须晚于开始时间', en: 'windowEnd must be after windowStart' }, ['windowEnd']),
  );
export type CreateCallInput = z.infer<typeof createCallSchema>;

export const callViewSchema = z.object({
  id: z.uuid(),
  title: z.string(),
  mode: modeSchema,
  status: callStatusSchema,
  windowStart: z.string().describe('UTC, ISO 8601'),
  windowEnd: z.string().describe('UTC, ISO 8601'),
  windowEndLocal: z.string().describe('Deadline shown in Asia/Shanghai'),
  budgetCapFen: fenSchema,
  invitedInstitutionIds: z.array(z.uuid()).nullable().describe('Directed calls: the invited institutions'),
  templateId: z.uuid().nullable().describe('The program template followed, if any'),
  topicId: z.uuid().nullable().describe('Directed calls: the topic commissioned'),
  createdAt: z.string(),
});
export type CallView = z.infer<typeof callViewSchema>;

/** GET /calls: by status and by text in the title (an officer finds one call among hundreds). */
export const callListQuerySchema = pageQuerySchema.extend({
  status: callStatusSchema.optional().describe('Only calls in this status'),
  q: searchTextSchema('the title'),
});
export type CallListQuery = z.output<typeof callListQuerySchema>;
export type CallFilter = Pick<CallListQuery, 'status' | 'q'>;
