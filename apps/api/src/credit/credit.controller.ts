import { Body, Controller, Get, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import {
  Actor,
  CasePolicy,
  casePolicySchema,
  bilingual,
  CREDIT_SUBJECT_TYPES,
  creditRecordKindSchema,
  CreditRecordInput,
  creditRecordInputSchema,
  RepairDecisionInput,
  repairDecisionSchema,
  RepairRequestInput,
  repairRequestSchema,
  STAFF_ROLES,
  AUDIT_ROLES,
  pageQuerySchema,
  PageQuery,
  pageSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { CasePolicyCommandService } from './case-policy-command.service';
import { CasePolicyQueryService } from './case-policy-query.service';
import { CreditCommandService } from './credit-command.service';
import {
  casePolicyInputSchema,
  creditLedgerItemSchema,
  creditRatingViewSchema,
  creditRecordViewSchema,
  eligibilityViewSchema,
  repairRequestViewSchema,
} from './credit.schemas';
import { CreditService } from './credit.service';

const TAGS = ['credit 科研信用'];
const subjectSchema = z.object({ subjectType: z.enum(CREDIT_SUBJECT_TYPES), subjectId: z.uuid() });
/** One subject's records, or (no subjectId) the whole ledger of the staff and auditors. */
const recordsQuerySchema = z
  .object({
    subjectType: z.enum(CREDIT_SUBJECT_TYPES).optional(),
    subjectId: z.uuid().optional().describe('Absent: every subject’s records (staff and auditors)'),
    kind: creditRecordKindSchema.optional().describe('The whole ledger only: records of this kind'),
  })
  .extend(pageQuerySchema.shape)
  .refine(
    (q) => q.subjectId === undefined || q.subjectType !== undefined,
    bilingual({ zh: '指定当事人时须同时给出当事人类型', en: 'A subject id needs its subject type' }, [
      'subjectType',
    ]),
  );
const eligibilitySchema = z.object({
  programCode: z.string().min(1).max(64),
  piId: z.uuid(),
  institutionId: z.uuid(),
  participantIds: z.array(z.uuid()).max(50).default([]),
  at: z.iso.datetime({ offset: true }).optional(),
});
@Controller()
export class CreditController {
  constructor(
    private readonly credit: CreditService,
    private readonly commands: CreditCommandService,
    private readonly casePolicies: CasePolicyQueryService,
    private readonly casePolicyCommands: CasePolicyCommandService,
  ) {}

  @Get('misconduct-case-policy')
  @Endpoint({
    summary: '失信案件办理时限 The misconduct-case timings in force (national defaults until set)',
    tags: ['misconduct cases 失信案件'],
    roles: AUDIT_ROLES,
    response: casePolicySchema,
  })
  casePolicy(@CurrentUser() actor: Actor) {
    return this.casePolicies.get(actor);
  }

  @Put('misconduct-case-policy')
  @Endpoint({
    summary: '设置失信案件办理时限 Set the timings for cases reported from now on (a new version)',
    tags: ['misconduct cases 失信案件'],
    roles: ['admin'],
    body: casePolicyInputSchema,
    response: casePolicySchema,
    status: 200,
    command: true,
  })
  setCasePolicy(@Body() body: CasePolicy, @CurrentUser() actor: Actor) {
    return this.casePolicyCommands.set(body, actor);
  }

  @Post('credit-records')
  @Endpoint({
    summary:
      '记录信用 Record a credit entry (corrections and repairs reference the earlier record; an honest failure only comes from the project’s 容错 request, POST /projects/:id/honest-failure)',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: creditRecordInputSchema,
    response: creditRecordViewSchema,
    status: 201,
    command: true,
    errors: { 422: 'kind honest_failure: written by the project’s honest-failure path only' },
  })
  record(@Body() body: CreditRecordInput, @CurrentUser() actor: Actor) {
    return this.commands.record(body, actor);
  }

  @Get('credit-records')
  @Endpoint({
    summary:
      '信用记录 Records of a subject in the order they take effect (subjects see their own; staff and auditors all), or without a subject the whole ledger, newest first, by subject type or kind (staff and auditors)',
    tags: TAGS,
    errors: { 403: 'Staff and auditors read every record; others only their own' },
    query: recordsQuerySchema,
    response: pageSchema(creditLedgerItemSchema),
  })
  list(
    @Query() { subjectType, subjectId, kind, limit, next }: z.output<typeof recordsQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    if (subjectType && subjectId)
      return this.credit.list({ type: subjectType, id: subjectId }, actor, { limit, next });
    return this.credit.ledgerPage({ subjectType, kind }, actor, { limit, next });
  }

  @Get('credit/ratings/:subjectType/:subjectId')
  @Endpoint({
    summary: '信用等级 Rating at a date with its reasons and consequences',
    tags: TAGS,
    errors: { 403: 'Staff and auditors read every rating; others only their own' },
    params: subjectSchema,
    query: z.object({ at: z.iso.datetime({ offset: true }).optional() }),
    response: creditRatingViewSchema,
  })
  rating(
    @Param() p: z.infer<typeof subjectSchema>,
    @Query() q: { at?: string },
    @CurrentUser() actor: Actor,
  ) {
    return this.credit.rating(
      { type: p.subjectType, id: p.subjectId },
      actor,
      q.at ? new Date(q.at) : new Date(),
    );
  }

  @Post('eligibility/check')
  @Endpoint({
    summary: '资格审查 The eligibility gate: PI, institution and team under a program',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: eligibilitySchema,
    response: eligibilityViewSchema,
    status: 200,
  })
  eligibility(@Body() body: z.infer<typeof eligibilitySchema>) {
    return this.credit.eligibility(body);
  }

  @Post('credit-repair-requests')
  @Endpoint({
    summary: '申请信用修复 Ask to repair a negative record (its subject)',
    tags: TAGS,
    errors: { 403: 'Only the subject of the record (or its institution) asks for its repair' },
    body: repairRequestSchema,
    response: repairRequestViewSchema,
    status: 201,
    command: true,
  })
  requestRepair(@Body() body: RepairRequestInput, @CurrentUser() actor: Actor) {
    return this.commands.requestRepair(body, actor);
  }

  @Post('credit-repair-requests/:id/decision')
  @Endpoint({
    summary: '信用修复决定 Approve (writes a repair record) or reject with a reason',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: repairDecisionSchema,
    response: repairRequestViewSchema,
    status: 200,
    command: true,
  })
  decideRepair(@Param() { id }: IdParam, @Body() body: RepairDecisionInput, @CurrentUser() actor: Actor) {
    return this.commands.decideRepair(id, body, actor);
  }

  @Get('public/credit-decisions')
  @Endpoint({
    summary: '公开：信用处理决定 Decisions marked public (no login)',
    tags: ['public 公开'],
    public: true,
    query: pageQuerySchema,
    response: pageSchema(creditRecordViewSchema),
  })
  publicDecisions(@Query() page: PageQuery) {
    return this.credit.publicDecisions(page);
  }
}
