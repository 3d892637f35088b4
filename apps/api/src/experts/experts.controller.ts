import { Body, Controller, Get, Param, Patch, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Readable } from 'node:stream';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  DomainError,
  expertExportQuerySchema,
  expertImportReportSchema,
  ExpertInput,
  expertInputSchema,
  ExpertListQuery,
  expertListQuerySchema,
  ExpertPatch,
  expertPatchSchema,
  expertViewSchema,
  STAFF_ROLES,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { assertImportMediaType, XLSX_MEDIA_TYPE } from './expert-files';
import { ExpertsService } from './experts.service';

const TAGS = ['experts'];

/**
 * The expert pool (专家库). Officers and administrators manage it; auditors read it; the list is
 * confidential before review (RULES §5), so applicants and institutions see none of it, and an
 * expert sees only their own record.
 */
@Controller('experts')
export class ExpertsController {
  constructor(private readonly experts: ExpertsService) {}

  @Post()
  @Endpoint({
    summary:
      '登记专家 Register an expert; with `account`, a login (role expert) is created and linked to the record',
    tags: TAGS,
    roles: STAFF_ROLES,
    body: expertInputSchema,
    response: expertViewSchema,
    status: 201,
  })
  register(@Body() body: ExpertInput, @CurrentUser() actor: Actor) {
    return this.experts.register(body, actor);
  }

  @Get()
  @Endpoint({
    summary: '专家库 The expert pool, by key field, availability, finance flag or text',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: expertListQuerySchema,
    response: z.array(expertViewSchema),
  })
  list(@Query() query: ExpertListQuery) {
    return this.experts.list(query);
  }

  @Get('me')
  @Endpoint({
    summary: '本人专家信息 My own expert record (experts)',
    tags: TAGS,
    roles: ['expert'],
    response: expertViewSchema,
  })
  mine(@CurrentUser() actor: Actor) {
    return this.experts.mine(actor);
  }

  @Post('import')
  @Endpoint({
    summary:
      '导入专家 Import experts from a CSV (UTF-8 or GB18030) or .xlsx file sent as the raw request body (Content-Type text/csv or application/vnd.openxmlformats-officedocument.spreadsheetml.sheet, at most 5 MB). Rows are matched by 编号 (externalRef) or the exported 系统ID: new ones are added, known ones updated; a bad row is reported with its row number and field paths and writes nothing',
    tags: TAGS,
    roles: STAFF_ROLES,
    upload: {
      mediaTypes: ['text/csv', XLSX_MEDIA_TYPE, 'application/vnd.ms-excel', 'application/octet-stream'],
      description: 'The CSV or .xlsx file itself as the request body; a zip is read as .xlsx, else as CSV',
    },
    response: expertImportReportSchema,
    status: 200,
  })
  import(@Req() req: FastifyRequest, @CurrentUser() actor: Actor) {
    assertImportMediaType(req.headers['content-type']);
    if (!(req.body instanceof Readable)) {
      const message = {
        zh: '请以文件内容作为请求体上传（Content-Type: text/csv 或 .xlsx 类型）',
        en: 'Send the file as the request body (Content-Type: text/csv or the .xlsx type)',
      };
      throw new DomainError('unsupported_media_type', message, [{ path: 'file', message }]);
    }
    return this.experts.import(req.body, actor);
  }

  @Get('export')
  @Endpoint({
    summary:
      '导出专家库 Export the pool as .xlsx or CSV (UTF-8 with BOM, for Excel), in the import’s columns: the file re-imports as it is',
    tags: TAGS,
    roles: AUDIT_ROLES,
    query: expertExportQuerySchema,
    download: { mediaTypes: ['text/csv', XLSX_MEDIA_TYPE] },
  })
  async export(@Query() { format }: z.output<typeof expertExportQuerySchema>, @Res() res: FastifyReply) {
    const file = await this.experts.export(format);
    const ascii = `experts-${file.fileName.replace(/\D/g, '')}.${format}`;
    return res
      .header('content-type', file.mediaType)
      .header('content-length', file.body.length)
      .header(
        'content-disposition',
        `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      )
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'no-store')
      .send(file.body);
  }

  @Get(':id')
  @Endpoint({
    summary: '专家详情 One expert, with credit eligibility',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: expertViewSchema,
  })
  get(@Param() { id }: IdParam) {
    return this.experts.get(id);
  }

  @Patch(':id')
  @Endpoint({
    summary:
      '修改专家信息 Update an expert: any of the fields (availability, load cap, keywords, relations, declared conflicts, …); null clears an optional one',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: expertPatchSchema,
    response: expertViewSchema,
  })
  update(@Param() { id }: IdParam, @Body() body: ExpertPatch, @CurrentUser() actor: Actor) {
    return this.experts.update(id, body, actor);
  }
}
