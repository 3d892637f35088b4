import { z } from 'zod';
import { fenSchema } from './money';
import { bilingual } from './validation';
import { DomainError } from './messages';
import { formatShanghai } from './time';

export const MODES = ['open_competition', 'challenge', 'directed', 'horse_race'] as const;
export const modeSchema = z.enum(MODES);
export type Mode = z.infer<typeof modeSchema>;

export const MODE_LABELS: Record<Mode, { zh: string; en: string }> = {
  open_competition: { zh: '公开竞争', en: 'Open competition' },
  challenge: { zh: '揭榜挂帅', en: 'Challenge (揭榜挂帅)' },
  directed: { zh: '定向委托', en: 'Directed commission' },
  horse_race: { zh: '赛马制', en: 'Horse race' },
};

/**
 * A call's own status follows its window: scheduled → open → closed; a call published by a
 * guide is withdrawn with it (only before it opens).
 */
export const CALL_STATUSES = ['scheduled', 'open', 'closed', 'withdrawn'] as const;
export const callStatusSchema = z.enum(CALL_STATUSES);
export type CallStatus = z.infer<typeof callStatusSchema>;

export const CALL_STATUS_LABELS: Record<CallStatus, { zh: string; en: string }> = {
  scheduled: { zh: '未开始', en: 'Scheduled' },
  open: { zh: '申报中', en: 'Open' },
  closed: { zh: '已截止', en: 'Closed' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
};

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

/** What the call workflow is started with (crosses into Temporal as JSON). */
export interface CallSpec {
  id: string;
  title: string;
  mode: Mode;
  windowStart: string;
  windowEnd: string;
  budgetCapFen: number;
  /** The whole call's budget (absent for calls opened before it was recorded). */
  totalBudgetFen?: number;
  createdBy: string;
  /** Set when a published guide opened the call. */
  templateId?: string;
  /** Directed calls: the only institutions that may apply. */
  invitedInstitutionIds?: string[];
  guideId?: string;
  /** Directed calls: the topic commissioned. */
  topicId?: string;
}

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

/** The status a call's window implies at `now`. */
export function callStatusAt(
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): CallStatus {
  if (now < new Date(window.windowStart).getTime()) return 'scheduled';
  if (now < new Date(window.windowEnd).getTime()) return 'open';
  return 'closed';
}

/**
 * Submissions are accepted in [windowStart, windowEnd). The caller passes the server's clock
 * (inside a workflow: the workflow task's time), never the client's.
 */
/** Directed commission: only an invited institution's people may apply. */
export function assertMayApplyTo(
  call: { mode: Mode; invitedInstitutionIds?: string[] | null },
  institutionId: string | null,
): void {
  if (call.mode !== 'directed') return;
  if (!institutionId || !(call.invitedInstitutionIds ?? []).includes(institutionId)) {
    throw new DomainError('forbidden', {
      zh: '本批次为定向委托，仅受邀单位可以申报',
      en: 'This call is a directed commission; only invited institutions may apply',
    });
  }
}

export function assertWindowOpen(
  window: { windowStart: string | Date; windowEnd: string | Date },
  now: number,
): void {
  const status = callStatusAt(window, now);
  if (status === 'scheduled') {
    const at = formatShanghai(window.windowStart);
    throw new DomainError('window_not_open', {
      zh: `申报尚未开始，开始时间为 ${at}（北京时间）`,
      en: `The application window has not opened yet; it opens at ${at} (Asia/Shanghai)`,
    });
  }
  if (status === 'closed') {
    const at = formatShanghai(window.windowEnd);
    throw new DomainError('window_closed', {
      zh: `申报已截止，截止时间为 ${at}（北京时间）`,
      en: `The application window closed at ${at} (Asia/Shanghai)`,
    });
  }
}
