import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AgreementRevision,
  agreementRevisionSchema,
  AUDIT_ROLES,
  MilestoneCheckInput,
  milestoneCheckSchema,
  SignatureInput,
  signatureSchema,
  STAFF_ROLES,
  pageQuerySchema,
  pageSchema,
  PageQuery,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import {
  agreementListItemSchema,
  agreementListQuerySchema,
  agreementVersionSchema,
  agreementViewSchema,
} from './agreements.schemas';
import { AgreementExecutionCommandService } from './agreement-execution-command.service';
import { AgreementPrintQueryService } from './agreement-print-query.service';
import { AgreementSigningCommandService } from './agreement-signing-command.service';
import { AgreementsQueryService } from './agreements-query.service';
import { PaymentListQueryService } from './payment-list-query.service';

const TAGS = ['agreements'];
const installmentParams = z.object({ id: z.uuid(), seq: z.coerce.number().int().min(1).max(50) });
const milestoneParams = z.object({ id: z.uuid(), n: z.coerce.number().int().min(1).max(50) });

@Controller()
export class AgreementsController {
  constructor(
    private readonly signing: AgreementSigningCommandService,
    private readonly execution: AgreementExecutionCommandService,
    private readonly agreements: AgreementsQueryService,
    private readonly print: AgreementPrintQueryService,
    private readonly paymentLists: PaymentListQueryService,
  ) {}

  @Get('agreements')
  @Endpoint({
    summary:
      '任务书列表 Every agreement, newest first, by status, call or mode, with what is paid (staff and auditors)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: agreementListQuerySchema,
    response: pageSchema(agreementListItemSchema),
  })
  list(
    @Query() { limit, next, ...filter }: z.output<typeof agreementListQuerySchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.agreements.page(filter, { limit, next }, actor);
  }

  @Get('awards/:id/agreements')
  @Endpoint({
    summary: '任务书 The agreements of an award',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(agreementViewSchema),
  })
  ofAward(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.agreements.ofAward(id, page, actor);
  }

  @Get('agreements/:id')
  @Endpoint({
    summary: '任务书 One agreement: terms, signatures, installments (staff, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
    response: agreementViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.agreements.get(id, actor);
  }

  @Post('agreements/:id/signatures')
  @Endpoint({
    summary:
      '签署任务书 Sign the latest version as the PI (with the 军令状 in a challenge), the host institution or the bureau, before the deadline',
    tags: TAGS,
    roles: ['applicant', 'institution_admin', 'officer', 'admin'],
    params: idParamSchema,
    body: signatureSchema,
    status: 200,
    command: true,
    response: agreementViewSchema,
  })
  sign(@Param() { id }: IdParam, @Body() body: SignatureInput, @CurrentUser() actor: Actor) {
    return this.signing.sign(id, body ?? {}, actor);
  }

  @Post('agreements/:id/revisions')
  @Endpoint({
    summary:
      '任务书协商 Revise the draft’s objectives, indicators or milestones (the bureau or the PI) from the latest version; the first signature locks it',
    tags: TAGS,
    roles: ['applicant', 'officer', 'admin'],
    params: idParamSchema,
    body: agreementRevisionSchema,
    status: 200,
    command: true,
    response: agreementViewSchema,
  })
  revise(@Param() { id }: IdParam, @Body() body: AgreementRevision, @CurrentUser() actor: Actor) {
    return this.signing.revise(id, body, actor);
  }

  @Get('agreements/:id/versions')
  @Endpoint({
    summary: '任务书版本 The versions of the terms, oldest first, with what changed and why',
    tags: TAGS,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(agreementVersionSchema),
  })
  versions(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.agreements.versions(id, actor, page);
  }

  @Get('agreements/:id/agreement.pdf')
  @Endpoint({
    summary: '打印任务书 The signed agreement as a printable PDF',
    tags: TAGS,
    params: idParamSchema,
    download: { mediaTypes: ['application/pdf'], description: 'The signed agreement, CJK font embedded' },
  })
  async pdf(@Param() { id }: IdParam, @CurrentUser() actor: Actor, @Res() res: FastifyReply) {
    const file = await this.print.pdf(id, actor);
    return res
      .header('content-type', 'application/pdf')
      .header('content-disposition', `inline; filename="agreement-${id}.pdf"`)
      .send(file);
  }

  @Post('agreements/:id/milestones/:n/check')
  @Endpoint({
    summary:
      '里程碑考核 Record milestone n’s check, in order: a pass releases the next milestone payment, a failure stops funding',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: milestoneParams,
    body: milestoneCheckSchema,
    status: 200,
    response: agreementViewSchema,
    command: true,
  })
  checkMilestone(
    @Param() { id, n }: z.infer<typeof milestoneParams>,
    @Body() body: MilestoneCheckInput,
    @CurrentUser() actor: Actor,
  ) {
    return this.execution.checkMilestone(id, n, body, actor);
  }

  @Post('agreements/:id/installments/:seq/approval')
  @Endpoint({
    summary: '审核拨付 Approve a released installment',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: installmentParams,
    status: 200,
    response: agreementViewSchema,
    command: true,
  })
  approve(@Param() { id, seq }: z.infer<typeof installmentParams>, @CurrentUser() actor: Actor) {
    return this.execution.installmentStep(id, seq, 'approve', actor);
  }

  @Post('agreements/:id/installments/:seq/payment')
  @Endpoint({
    summary:
      '拨付 Record the payment of an approved installment (not by its approver); never beyond the award',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: installmentParams,
    status: 200,
    response: agreementViewSchema,
    command: true,
  })
  pay(@Param() { id, seq }: z.infer<typeof installmentParams>, @CurrentUser() actor: Actor) {
    return this.execution.installmentStep(id, seq, 'pay', actor);
  }

  @Get('calls/:id/payments.xlsx')
  @Endpoint({
    summary: '拨付清单 The payment list for the finance bureau (.xlsx)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    download: {
      mediaTypes: ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
      description: 'One row per installment of the call',
    },
  })
  async payments(@Param() { id }: IdParam, @CurrentUser() actor: Actor, @Res() res: FastifyReply) {
    const file = await this.paymentLists.xlsx(id, actor);
    return res
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="payments-${id}.xlsx"`)
      .send(file);
  }
}
