import { z } from 'zod';
import { isValidIdNumber } from '../application/application-content';
import { WorkingDayCalendar, workingDayCalendar } from '../kernel/calendar';
import { horseRaceProposalSchema } from './horse-race';
import { Bilingual, DomainError, FieldMessage } from '../kernel/messages';
import { fenSchema, formatYuan } from '../kernel/money';
import { roleSchema } from '../kernel/roles';
import { AWARD_DECISIONS, AWARD_STATUSES, DEFAULT_AWARD_APPROVAL_CHAIN } from './award.rules';
import { formatShanghai } from '../kernel/time';
import { bilingual, parseOrThrow } from '../kernel/validation';

/**
 * Awards (立项): after expert review the program officer proposes which applications to fund and
 * with how much (立项建议); the proposal goes through an internal approval chain (four eyes: never
 * the proposer), is published for a public notice (公示) during which named objections (实名异议)
 * may be filed, and becomes final once the notice has ended with no objection open. Funding is
 * then paid in installments (经费拨付). RULES §6–7, §12.
 *
 * One award is one application's funding decision. A proposal carries many of them; they move
 * through proposal and approval together, then each may be cancelled, finalised or forfeited
 * on its own. Pure: every clock reading is a parameter.
 */

// ---- shared helpers ------------------------------------------------------------------------

function invalid(message: Bilingual, fields: FieldMessage[] = []): DomainError {
  return new DomainError('validation_failed', message, fields);
}

/** Amounts handed in by the caller (read from the database): a bad one is a programming error. */
function requireFen(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    throw new RangeError(`${name} must be a non-negative safe integer (fen), got ${value}`);
}

function instantMs(at: Date | number): number {
  const ms = at instanceof Date ? at.getTime() : at;
  if (!Number.isFinite(ms))
    throw invalid({ zh: `无效的时间：${String(at)}`, en: `Not a valid instant: ${String(at)}` });
  return ms;
}

// ---- 1. award proposal (立项建议) ------------------------------------------------------------

export const AWARD_PROPOSAL_MAX_ITEMS = 500;

export const awardItemSchema = z.strictObject({
  applicationId: z.uuid(),
  amountFen: fenSchema.positive().describe('Proposed funding, in fen'),
  reason: z.string().trim().max(2000).optional().describe('Why this amount (e.g. cut from the request)'),
});
export type AwardItem = z.infer<typeof awardItemSchema>;

export const awardProposalSchema = z
  .strictObject({
    items: z
      .array(awardItemSchema)
      .min(1)
      .max(AWARD_PROPOSAL_MAX_ITEMS)
      .superRefine((items, ctx) => {
        const first = new Map<string, number>();
        items.forEach((item, i) => {
          const seen = first.get(item.applicationId);
          if (seen === undefined) {
            first.set(item.applicationId, i);
            return;
          }
          ctx.addIssue({
            code: 'custom',
            ...bilingual(
              {
                zh: `同一申报不能重复列入立项建议（与第 ${seen + 1} 项重复）`,
                en: `The same application is proposed twice (duplicate of item ${seen + 1})`,
              },
              [i, 'applicationId'],
            ),
          });
        });
      }),
    note: z.string().trim().max(5000).optional(),
    roundId: z.uuid().optional().describe('The review round whose ranking the proposal follows'),
    horseRace: horseRaceProposalSchema
      .optional()
      .describe('赛马: fund these close top teams in parallel, linked as one race (needs roundId)'),
  })
  .refine(
    (p) => !p.horseRace || p.roundId,
    bilingual(
      {
        zh: '赛马须依据评审排名，请填写评审轮次 roundId',
        en: 'A horse race follows a review round’s ranking: give roundId',
      },
      ['roundId'],
    ),
  );
export type AwardProposalInput = z.infer<typeof awardProposalSchema>;

/**
 * The proposal, plus what the call has already committed, must fit the call's budget; an amount
 * exactly at the budget passes. Returns the budget left after the proposal.
 */
export function assertWithinBudget(
  items: ReadonlyArray<Pick<AwardItem, 'amountFen'>>,
  callBudgetFen: number,
  alreadyCommittedFen: number,
  path = 'items',
): { totalFen: number; remainingFen: number } {
  requireFen('callBudgetFen', callBudgetFen);
  requireFen('alreadyCommittedFen', alreadyCommittedFen);
  items.forEach((item, i) => requireFen(`items[${i}].amountFen`, item.amountFen));
  const totalFen = items.reduce((sum, item) => sum + item.amountFen, 0);
  const over = totalFen + alreadyCommittedFen - callBudgetFen;
  if (over > 0) {
    const message = {
      zh: `立项建议合计 ${formatYuan(totalFen)}，加上已安排的 ${formatYuan(alreadyCommittedFen)}，超出本批次预算 ${formatYuan(over)}`,
      en: `The proposed ${formatYuan(totalFen)}, with ${formatYuan(alreadyCommittedFen)} already committed, exceeds the call's budget by ${formatYuan(over)}`,
    };
    throw invalid(message, [{ path, message }]);
  }
  return { totalFen, remainingFen: callBudgetFen - alreadyCommittedFen - totalFen };
}

/** An award may not exceed what the application requested; `path` names the amount's field. */
export function assertAmountWithinRequest(
  item: Pick<AwardItem, 'amountFen'>,
  requestedFen: number,
  path: string,
): void {
  requireFen('amountFen', item.amountFen);
  requireFen('requestedFen', requestedFen);
  if (item.amountFen > requestedFen) {
    const message = {
      zh: `立项金额 ${formatYuan(item.amountFen)} 超过申请金额 ${formatYuan(requestedFen)}`,
      en: `The award of ${formatYuan(item.amountFen)} exceeds the requested ${formatYuan(requestedFen)}`,
    };
    throw invalid(message, [{ path, message }]);
  }
}

// ---- 2. award state machine and 3. approval chain: zod-free, as the award workflow runs them:
// award.rules.ts (noticePeriod and assertObjectionAccepted there, for workflow code, load this
// module on first use; the declarations here take precedence over those names in the export).

export * from './award.rules';

export const awardStatusSchema = z.enum(AWARD_STATUSES);

export const approvalChainSchema = z
  .array(roleSchema)
  .min(1)
  .max(5)
  .default(() => [...DEFAULT_AWARD_APPROVAL_CHAIN])
  .describe('Roles that approve an award proposal, in order');
export type ApprovalChain = z.output<typeof approvalChainSchema>;

/** Named apart from the guide's `approvalDecisionSchema`, which the library also exports. */
export const awardApprovalDecisionSchema = z
  .strictObject({
    decision: z.enum(AWARD_DECISIONS),
    comments: z.string().trim().max(2000).optional(),
  })
  .refine(
    (d) => d.decision === 'approve' || (d.comments?.length ?? 0) >= 5,
    bilingual(
      { zh: '退回时须填写意见（不少于 5 个字）', en: 'A return needs comments (at least 5 characters)' },
      ['comments'],
    ),
  );
export type AwardApprovalDecisionInput = z.infer<typeof awardApprovalDecisionSchema>;

// ---- 4. public notice (公示) ---------------------------------------------------------------------

/** RULES §6: 5 working days by default (common range 5–7); configurable per program. */
export const DEFAULT_NOTICE_WORKING_DAYS = 5;

export interface AwardNotice {
  /** Publication: objections are accepted from this instant. */
  start: Date;
  /** 23:59:59.999 Beijing time of `lastDay`: the last instant an objection is accepted. */
  end: Date;
  /** The Beijing civil date (`YYYY-MM-DD`) of the notice's last working day. */
  lastDay: string;
  workingDays: number;
  /** `YYYY-MM-DD HH:mm:ss`, Beijing time. */
  startLocal: string;
  endLocal: string;
}

/**
 * The notice runs from publication (`start`) to the end of the `workingDays`-th working day after
 * the publication's Beijing date: the publication day never counts, even when it is a working day;
 * day 1 is the next working day. Holidays and make-up working days (调休上班) follow the State
 * Council data of the calendar; a year without data is `calendar_data_missing`, never a guess.
 * E.g. published Tuesday 2026-09-29: 09-30, 10-08, 10-09, 10-10 (make-up Saturday), 10-12 → ends
 * 2026-10-12 23:59:59.999 Beijing time.
 */
export function noticePeriod(
  start: Date,
  workingDays: number = DEFAULT_NOTICE_WORKING_DAYS,
  calendar: WorkingDayCalendar = workingDayCalendar(),
): AwardNotice {
  const startMs = instantMs(start);
  const end = calendar.endOfWorkingDaysUtc(startMs, workingDays);
  return {
    start: new Date(startMs),
    end,
    lastDay: calendar.shanghaiDate(end),
    workingDays,
    startLocal: formatShanghai(startMs),
    endLocal: formatShanghai(end),
  };
}

// ---- 5. objections (异议) ------------------------------------------------------------------------

export const OBJECTION_MIN_FACTS = 30;
/** One evidence file of an objection (uploaded without an account, so kept modest). */
export const OBJECTION_EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

const REAL_NAME: Bilingual = {
  zh: '异议须实名提出，请填写异议人姓名和身份证号码；匿名异议不予受理',
  en: "Objections must be made under the objector's real name: give the name and identity number; anonymous objections are not accepted",
};
const VAGUE: Bilingual = {
  zh: `异议须写明具体事实（不少于 ${OBJECTION_MIN_FACTS} 个字）；笼统的异议不予受理`,
  en: `The facts must be specific (at least ${OBJECTION_MIN_FACTS} characters); vague objections are not accepted`,
};

const MOBILE = /^(?:\+?86[- ]?)?1[3-9]\d{9}$/;
const LANDLINE = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;
/** A mainland mobile or landline number, or an e-mail address. */
export function isValidContact(contact: string): boolean {
  return MOBILE.test(contact) || LANDLINE.test(contact) || z.email().safeParse(contact).success;
}

export const objectorSchema = z.strictObject({
  name: z
    .string()
    .trim()
    .max(50)
    .superRefine((name, ctx) => {
      if (name.length === 0) ctx.addIssue({ code: 'custom', ...bilingual(REAL_NAME) });
      else if (name.length < 2)
        ctx.addIssue({
          code: 'custom',
          ...bilingual({
            zh: '请填写异议人的真实姓名（至少 2 个字）',
            en: "Give the objector's real name (at least 2 characters)",
          }),
        });
    }),
  contact: z
    .string()
    .trim()
    .max(200)
    .refine(
      isValidContact,
      bilingual({
        zh: '请填写有效的联系方式（手机号、固定电话或电子邮箱）',
        en: 'Give a valid contact: a mobile or landline number, or an e-mail address',
      }),
    ),
  idNumber: z
    .string()
    .trim()
    .toUpperCase()
    .superRefine((id, ctx) => {
      if (id.length === 0) ctx.addIssue({ code: 'custom', ...bilingual(REAL_NAME) });
      else if (!isValidIdNumber(id))
        ctx.addIssue({
          code: 'custom',
          ...bilingual({
            zh: '身份证号码无效（18 位，末位校验码须正确）',
            en: 'Invalid identity number (18 characters with a correct check digit)',
          }),
        });
    })
    .describe('Resident identity number; stored, masked in every view'),
  organisation: z.string().trim().max(100).optional(),
});
export type Objector = z.infer<typeof objectorSchema>;

export const objectionSchema = z.strictObject({
  objector: objectorSchema,
  applicationId: z.uuid().describe('The award objected to, by its application'),
  facts: z
    .string()
    .trim()
    .max(5000)
    .refine((f) => f.length >= OBJECTION_MIN_FACTS, bilingual(VAGUE)),
  evidence: z
    .array(z.string().trim().min(1).max(500))
    .max(20)
    .default([])
    .describe(
      'Evidence: ids of files uploaded to POST /public/awards/:id/evidence, or references such as a document number',
    ),
});
export type ObjectionInput = z.infer<typeof objectionSchema>;

function isBlank(value: unknown): boolean {
  return typeof value !== 'string' || value.trim().length === 0;
}

/** Objections and their evidence are taken only while the notice runs (逾期不予受理). */
export function assertNoticeOpen(notice: { start: Date; end: Date }, now: Date | number): void {
  const at = instantMs(now);
  if (at < instantMs(notice.start)) {
    const start = formatShanghai(notice.start);
    throw new DomainError('window_not_open', {
      zh: `公示尚未开始，开始时间为 ${start}（北京时间）`,
      en: `The public notice has not started yet; it starts at ${start} (Asia/Shanghai)`,
    });
  }
  if (at > instantMs(notice.end)) {
    const end = formatShanghai(notice.end);
    throw new DomainError('window_closed', {
      zh: `公示期已于 ${end}（北京时间）结束，逾期不予受理`,
      en: `The public notice ended at ${end} (Asia/Shanghai); late objections are not accepted`,
    });
  }
}

/**
 * Accepts an objection filed at `now` against a notice, or refuses it: first by time (before the
 * notice `window_not_open`; after its end `window_closed`, 逾期不予受理 — whatever the content),
 * then anonymous (missing or blank name or identity number), then any other field error (vague
 * facts, invalid contact or identity number …), every offending field named. Returns the parsed
 * objection.
 */
export function assertObjectionAccepted(
  raw: unknown,
  notice: { start: Date; end: Date },
  now: Date | number,
): ObjectionInput {
  assertNoticeOpen(notice, now);
  const objector =
    raw !== null && typeof raw === 'object' ? (raw as { objector?: unknown }).objector : undefined;
  const fields = (['name', 'idNumber'] as const)
    .filter((key) =>
      isBlank(
        objector !== null && typeof objector === 'object'
          ? (objector as Record<string, unknown>)[key]
          : undefined,
      ),
    )
    .map((key) => ({ path: `objector.${key}`, message: REAL_NAME }));
  if (fields.length > 0) throw invalid(REAL_NAME, fields);
  return parseOrThrow(objectionSchema, raw, '异议');
}

export const OBJECTION_OUTCOMES = ['maintain', 'adjust', 'cancel'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
export const OBJECTION_OUTCOME_LABELS: Record<ObjectionOutcome, Bilingual> = {
  maintain: { zh: '维持立项', en: 'Award maintained' },
  adjust: { zh: '调整立项', en: 'Award adjusted' },
  cancel: { zh: '取消立项', en: 'Award cancelled' },
};

export const objectionOutcomeSchema = z
  .strictObject({
    outcome: z.enum(OBJECTION_OUTCOMES),
    answer: z
      .string()
      .trim()
      .max(5000)
      .refine(
        (a) => a.length >= 10,
        bilingual({
          zh: '须答复异议人（不少于 10 个字）',
          en: 'Give the reply to the objector (at least 10 characters)',
        }),
      ),
    adjustedAmountFen: fenSchema.positive().optional().describe('The new award amount; only for adjust'),
  })
  .superRefine((o, ctx) => {
    if (o.outcome === 'adjust' && o.adjustedAmountFen === undefined)
      ctx.addIssue({
        code: 'custom',
        ...bilingual({ zh: '调整立项须填写调整后的金额', en: 'An adjustment needs the new amount' }, [
          'adjustedAmountFen',
        ]),
      });
    if (o.outcome !== 'adjust' && o.adjustedAmountFen !== undefined)
      ctx.addIssue({
        code: 'custom',
        ...bilingual({ zh: '只有调整立项才填写调整后的金额', en: 'Only an adjustment takes a new amount' }, [
          'adjustedAmountFen',
        ]),
      });
  });
export type ObjectionOutcomeInput = z.infer<typeof objectionOutcomeSchema>;

/** The award command an outcome leads to; `maintain` changes nothing (the award waits to be final). */
export function awardCommandForOutcome(outcome: ObjectionOutcome): 'adjust' | 'cancel' | null {
  return outcome === 'maintain' ? null : outcome;
}

// ---- 6. finality ---------------------------------------------------------------------------------

export type Finality = { final: true } | { final: false; reason: Bilingual };

/** Final only once the notice has ended (`now` after its end) and no objection is open. */
export function isFinal(noticeEnd: Date, openObjections: number, now: Date | number): Finality {
  if (!Number.isSafeInteger(openObjections) || openObjections < 0)
    throw new RangeError(`openObjections must be a non-negative integer, got ${openObjections}`);
  const zh: string[] = [];
  const en: string[] = [];
  if (instantMs(now) <= instantMs(noticeEnd)) {
    const end = formatShanghai(noticeEnd);
    zh.push(`公示期至 ${end}（北京时间）结束，尚未期满`);
    en.push(`the public notice runs until ${end} (Asia/Shanghai)`);
  }
  if (openObjections > 0) {
    zh.push(`尚有 ${openObjections} 件异议未办结`);
    en.push(`${openObjections} objection${openObjections === 1 ? ' is' : 's are'} still open`);
  }
  if (zh.length === 0) return { final: true };
  const enText = en.join('; ');
  return {
    final: false,
    reason: { zh: `不能确定立项：${zh.join('；')}`, en: `Not final yet: ${enText}` },
  };
}

// ---- 7. next in ranking --------------------------------------------------------------------------

/**
 * The best-ranked application (lowest rank) not in `excluded` (already awarded, cancelled or
 * otherwise passed over), or null. Equal ranks keep the ranking's order.
 */
export function nextInRanking<T extends { applicationId: string; rank: number }>(
  ranking: readonly T[],
  excluded: readonly string[],
): T | null {
  const skip = new Set(excluded);
  let best: T | null = null;
  for (const entry of ranking) {
    if (skip.has(entry.applicationId)) continue;
    if (best === null || entry.rank < best.rank) best = entry;
  }
  return best;
}

// ---- 8. installments (经费拨付) ------------------------------------------------------------------

export const installmentScheduleSchema = z
  .array(
    z.strictObject({
      sharePercent: z.number().int().min(1).max(100).describe('Whole percent of the award'),
      releasedBy: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('What releases it, e.g. agreement_signed, midterm_passed, milestone:2, acceptance_passed'),
    }),
  )
  .min(1)
  .max(20)
  .refine(
    (s) => s.reduce((sum, i) => sum + i.sharePercent, 0) === 100,
    bilingual({ zh: '各期拨付比例之和须为 100%', en: 'The shares must add up to 100 %' }),
  );
export type InstallmentSchedule = z.infer<typeof installmentScheduleSchema>;

export interface Installment {
  sharePercent: number;
  releasedBy: string;
  amountFen: number;
}

/**
 * Splits the award by the schedule: each installment is its share rounded down to the fen, and
 * the last takes the remainder, so the amounts add up to the award exactly.
 */
export function installmentPlan(
  awardFen: number,
  schedule: ReadonlyArray<{ sharePercent: number; releasedBy: string }>,
): Installment[] {
  requireFen('awardFen', awardFen);
  const parsed = parseOrThrow(installmentScheduleSchema, schedule, '拨付计划');
  let allotted = 0;
  return parsed.map((entry, i) => {
    const amountFen =
      i === parsed.length - 1
        ? awardFen - allotted
        : Number((BigInt(awardFen) * BigInt(entry.sharePercent)) / 100n);
    allotted += amountFen;
    return { sharePercent: entry.sharePercent, releasedBy: entry.releasedBy, amountFen };
  });
}

/** A payment may not take the total paid beyond the award. Returns what remains payable after it. */
export function assertPayable(paidSoFarFen: number, amountFen: number, awardFen: number): number {
  requireFen('paidSoFarFen', paidSoFarFen);
  requireFen('amountFen', amountFen);
  requireFen('awardFen', awardFen);
  if (amountFen === 0) {
    const message = { zh: '拨付金额须大于 0', en: 'The payment must be more than zero' };
    throw invalid(message, [{ path: 'amountFen', message }]);
  }
  const over = paidSoFarFen + amountFen - awardFen;
  if (over > 0) {
    const message = {
      zh: `已拨付 ${formatYuan(paidSoFarFen)}，本次 ${formatYuan(amountFen)} 将超出立项金额 ${formatYuan(awardFen)} ${formatYuan(over)}`,
      en: `With ${formatYuan(paidSoFarFen)} already paid, ${formatYuan(amountFen)} would exceed the award of ${formatYuan(awardFen)} by ${formatYuan(over)}`,
    };
    throw invalid(message, [{ path: 'amountFen', message }]);
  }
  return awardFen - paidSoFarFen - amountFen;
}

// ---- the API's refusals on a proposal and an objection (one rulebook) -------------------------

/** Awards are proposed only in a call with a total budget. */
export function assertCallHasBudget(totalBudgetFen: number | null): asserts totalBudgetFen is number {
  if (totalBudgetFen === null)
    throw new DomainError('invalid_state', {
      zh: '本批次未设定总预算，不能提出立项建议',
      en: 'The call has no total budget; awards cannot be proposed',
    });
}

/** Every proposed item names an application of this call that passed the formal check. */
export function assertProposable(
  items: ReadonlyArray<{ applicationId: string }>,
  applications: ReadonlyArray<{ id: string; status: string }>,
): void {
  const message = {
    zh: '该申报不属于本批次或未通过形式审查',
    en: 'The application is not in this call or has not passed the formal check',
  };
  const fields = items.flatMap((item, i) => {
    const app = applications.find((a) => a.id === item.applicationId);
    return app && app.status === 'formal_check_passed' ? [] : [{ path: `items.${i}.applicationId`, message }];
  });
  if (fields.length)
    throw new DomainError(
      'validation_failed',
      { zh: '立项建议内容有误', en: 'The proposal is invalid' },
      fields,
    );
}

/** The review round a proposal or a ranking names belongs to the call (`roundCallId` null: no such round). */
export function assertRoundOfCall(roundCallId: string | null, callId: string): void {
  if (roundCallId !== callId) {
    const message = { zh: '评审轮次不属于本批次', en: 'The review round is not of this call' };
    throw new DomainError('validation_failed', message, [{ path: 'roundId', message }]);
  }
}

/** An objection is answered once. */
export function assertObjectionOpen(status: string): void {
  if (status !== 'open')
    throw new DomainError('invalid_state', { zh: '该异议已处理', en: 'The objection has been answered' });
}

const EVIDENCE_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The evidence entries of an objection that name an uploaded file by its id (trimmed). */
export function evidenceFileIds(body: unknown): string[] {
  const evidence = (body as { evidence?: unknown } | null)?.evidence;
  if (!Array.isArray(evidence)) return [];
  return evidence
    .filter((e): e is string => typeof e === 'string' && EVIDENCE_ID.test(e.trim()))
    .map((e) => e.trim());
}

/** Evidence given as an id must be a file uploaded to this award's notice (`uploaded`: those found). */
export function assertEvidenceUploaded(body: unknown, uploaded: readonly string[]): void {
  const evidence = (body as { evidence?: unknown } | null)?.evidence;
  if (!Array.isArray(evidence)) return;
  const message = {
    zh: '证据文件不存在，请先上传到本公示',
    en: 'No such evidence file: upload it to this notice first',
  };
  const fields = evidence.flatMap((e, i) =>
    typeof e === 'string' && EVIDENCE_ID.test(e.trim()) && !uploaded.includes(e.trim())
      ? [{ path: `evidence.${i}`, message }]
      : [],
  );
  if (fields.length) throw new DomainError('validation_failed', message, fields);
}
