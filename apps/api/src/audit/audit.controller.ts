import { Controller, Get, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { Actor, auditExportQuerySchema, auditPublicKeySchema, auditReportSchema, Role } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { CurrentUser } from '../common/request-user';
import { AuditService } from './audit.service';

const TAGS = ['audit'];
const ROLES: Role[] = ['auditor', 'admin'];

@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get('verify')
  @Endpoint({
    summary:
      '审计链校验 Re-computes every subject’s hash chain and checks it against the signed anchors; names the first edited, deleted or inserted event of each broken chain',
    tags: TAGS,
    roles: ROLES,
    response: auditReportSchema,
  })
  verify(@CurrentUser() actor: Actor) {
    return this.audit.verify(actor);
  }

  @Get('export')
  @Endpoint({
    summary:
      '审计导出 The events that occurred in [from, to) and the anchors written then, as signed JSON lines (last line: Ed25519 signature over the rest); check with tools/audit-verify-export.js',
    tags: TAGS,
    roles: ROLES,
    query: auditExportQuerySchema,
    download: { mediaTypes: ['application/x-ndjson'], description: 'header, events, anchors, signature' },
  })
  async export(
    @Query() q: z.output<typeof auditExportQuerySchema>,
    @CurrentUser() actor: Actor,
    @Res() res: FastifyReply,
  ) {
    const from = new Date(q.from);
    const to = new Date(q.to);
    const body = await this.audit.export(actor, from, to);
    const name = `audit-${from.toISOString().slice(0, 10)}-${to.toISOString().slice(0, 10)}.jsonl`;
    return res
      .header('content-type', 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${name}"`)
      .send(body);
  }

  @Get('public-key')
  @Endpoint({
    summary: '验签公钥 The Ed25519 public key that signs anchors and exports',
    tags: TAGS,
    roles: ROLES,
    response: auditPublicKeySchema,
  })
  publicKey(@CurrentUser() actor: Actor) {
    return this.audit.publicKey(actor);
  }
}
