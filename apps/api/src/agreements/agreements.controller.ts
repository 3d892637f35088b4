import { Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Actor, AUDIT_ROLES, STAFF_ROLES } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { AgreementsService } from './agreements.service';

const TAGS = ['agreements'];
const installmentParams = z.object({ id: z.uuid(), seq: z.coerce.number().int().min(1).max(50) });

@Controller()
export class AgreementsController {
  constructor(private readonly agreements: AgreementsService) {}

  @Get('awards/:id/agreements')
  @Endpoint({
    summary: '任务书 The agreements of an award',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
  })
  ofAward(@Param() { id }: IdParam) {
    return this.agreements.ofAward(id);
  }

  @Get('agreements/:id')
  @Endpoint({
    summary: '任务书 One agreement: terms, signatures, installments (staff, the PI, the host institution)',
    tags: TAGS,
    params: idParamSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.agreements.get(id, actor);
  }

  @Post('agreements/:id/signatures')
  @Endpoint({
    summary: '签署任务书 Sign as the PI, the host institution or the bureau, before the signing deadline',
    tags: TAGS,
    roles: ['applicant', 'institution_admin', 'officer', 'admin'],
    params: idParamSchema,
    status: 200,
  })
  sign(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.agreements.sign(id, actor);
  }

  @Post('agreements/:id/installments/:seq/approval')
  @Endpoint({
    summary: '审核拨付 Approve a released installment',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: installmentParams,
    status: 200,
  })
  approve(@Param() { id, seq }: z.infer<typeof installmentParams>, @CurrentUser() actor: Actor) {
    return this.agreements.installmentStep(id, seq, 'approve', actor);
  }

  @Post('agreements/:id/installments/:seq/payment')
  @Endpoint({
    summary:
      '拨付 Record the payment of an approved installment (not by its approver); never beyond the award',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: installmentParams,
    status: 200,
  })
  pay(@Param() { id, seq }: z.infer<typeof installmentParams>, @CurrentUser() actor: Actor) {
    return this.agreements.installmentStep(id, seq, 'pay', actor);
  }

  @Get('calls/:id/payments.xlsx')
  @Endpoint({
    summary: '拨付清单 The payment list for the finance bureau (.xlsx)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
  })
  async payments(@Param() { id }: IdParam, @Res() res: FastifyReply) {
    const file = await this.agreements.paymentList(id);
    return res
      .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="payments-${id}.xlsx"`)
      .send(file);
  }
}
