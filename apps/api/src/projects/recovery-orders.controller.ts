import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  recoveryOrderViewSchema,
  recoveryPaymentSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { sendXlsx, XLSX_MEDIA_TYPE } from '../common/xlsx';
import { RecoveryOrdersService } from './recovery-orders.service';

const TAGS = ['projects'];
const orderParams = z.object({ id: z.uuid(), orderId: z.uuid() });

/** 追回 (issue 15 §6): a project's recovery orders, their repayment, and the finance bureau's list. */
@Controller()
export class RecoveryOrdersController {
  constructor(private readonly recoveries: RecoveryOrdersService) {}

  @Get('projects/:id/recovery-orders')
  @Endpoint({
    summary: '追回单 A project’s recovery orders: amount, reason, deadline, status (every party)',
    tags: TAGS,
    params: idParamSchema,
    response: z.object({ items: z.array(recoveryOrderViewSchema) }),
  })
  orders(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.recoveries.recoveryOrders(id, actor);
  }

  @Post('projects/:id/recovery-orders/:orderId/payment')
  @Endpoint({
    summary: '登记缴回 Record the repayment of a recovery order (also after its deadline)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: orderParams,
    body: recoveryPaymentSchema,
    status: 200,
    response: recoveryOrderViewSchema,
    command: true,
    errors: { 409: 'Already repaid' },
  })
  pay(
    @Param() { id, orderId }: z.infer<typeof orderParams>,
    @Body() body: z.infer<typeof recoveryPaymentSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.recoveries.pay(id, orderId, body.note, actor);
  }

  @Get('recovery-orders.xlsx')
  @Endpoint({
    summary: '追回清单 The recovery orders for the finance bureau (.xlsx)',
    tags: TAGS,
    roles: AUDIT_ROLES,
    download: {
      mediaTypes: [XLSX_MEDIA_TYPE],
      description: 'One row per recovery order, open and overdue first',
    },
  })
  async list(@Res() res: FastifyReply) {
    return sendXlsx(res, 'recovery-orders.xlsx', await this.recoveries.recoveryList());
  }
}
