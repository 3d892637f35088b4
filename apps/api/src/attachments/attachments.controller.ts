import { Controller, Delete, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Actor, attachmentUploadQuerySchema, attachmentViewSchema, bilingualSchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { FILE_UPLOAD, uploadBody } from '../common/upload-body';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { AttachmentsService } from './attachments.service';

const TAGS = ['attachments'];
const attachmentParamsSchema = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/**
 * Content types an upload may declare; the body is then handed over as a stream (see main.ts).
 * `text/csv` is for the expert pool's import (experts.controller.ts).
 */
export const UPLOAD_CONTENT_TYPES =
  /^(application\/(octet-stream|pdf|msword|ofd|x-ole-storage|vnd\.[\w.+-]+)|image\/[\w.+-]+|text\/csv)(;.*)?$/;

@Controller('applications/:id/attachments')
export class AttachmentsController {
  constructor(private readonly attachments: AttachmentsService) {}

  @Get()
  @Endpoint({
    summary: '附件清单 Attachments, and which required documents are present',
    tags: TAGS,
    params: idParamSchema,
    response: z.object({
      required: z.array(z.object({ code: z.string(), name: bilingualSchema, present: z.boolean() })),
      items: z.array(attachmentViewSchema),
    }),
  })
  list(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.attachments.list(id, actor);
  }

  @Post()
  @Endpoint({
    summary:
      '上传附件 Upload a file as the raw request body (PDF, PNG, JPEG, Word, Excel, PowerPoint, OFD); the type is read from the content, the size limit comes from the program template',
    tags: TAGS,
    roles: ['applicant'],
    params: idParamSchema,
    query: attachmentUploadQuerySchema,
    upload: FILE_UPLOAD,
    response: attachmentViewSchema,
    status: 201,
  })
  upload(
    @Param() { id }: IdParam,
    @Query() query: z.infer<typeof attachmentUploadQuerySchema>,
    @Req() req: FastifyRequest,
    @CurrentUser() actor: Actor,
  ) {
    return this.attachments.upload(id, query, uploadBody(req), actor);
  }

  @Get(':attachmentId')
  @Endpoint({
    summary: '下载附件 Download an attachment (whoever may read the application)',
    tags: TAGS,
    params: attachmentParamsSchema,
    download: {
      mediaTypes: ['application/octet-stream'],
      description: 'The file as uploaded, with its media type',
    },
  })
  async download(
    @Param() { id, attachmentId }: z.infer<typeof attachmentParamsSchema>,
    @CurrentUser() actor: Actor,
    @Res() res: FastifyReply,
  ) {
    const { row, stream } = await this.attachments.download(id, attachmentId, actor);
    return res
      .header('content-type', row.media_type)
      .header('content-length', row.size_bytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.file_name)}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${row.sha256}"`)
      .send(stream);
  }

  @Delete(':attachmentId')
  @Endpoint({
    summary: '删除附件 Remove an attachment while the application is editable',
    tags: TAGS,
    roles: ['applicant'],
    params: attachmentParamsSchema,
    status: 204,
  })
  remove(@Param() { id, attachmentId }: z.infer<typeof attachmentParamsSchema>, @CurrentUser() actor: Actor) {
    return this.attachments.remove(id, attachmentId, actor);
  }
}
