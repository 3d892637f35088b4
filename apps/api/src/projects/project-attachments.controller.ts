import { Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { Actor, projectAttachmentUploadQuerySchema, projectAttachmentViewSchema } from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { FILE_UPLOAD, uploadBody } from '../common/upload-body';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import { ProjectAttachmentsService } from './project-attachments.service';

const TAGS = ['projects'];
const attachmentParams = z.object({ id: z.uuid(), attachmentId: z.uuid() });

/** 项目附件 (issue 15 §2): evidence a project's progress reports cite, sub-resources of /projects/:id. */
@Controller('projects/:id/attachments')
export class ProjectAttachmentsController {
  constructor(private readonly attachments: ProjectAttachmentsService) {}

  @Get()
  @Endpoint({
    summary: '项目附件 The project’s own attachments, oldest first (readers of the project)',
    tags: TAGS,
    params: idParamSchema,
    response: z.object({ items: z.array(projectAttachmentViewSchema) }),
  })
  async list(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return { items: await this.attachments.list(id, actor) };
  }

  @Post()
  @Endpoint({
    summary:
      '上传项目附件 The PI or the host institution uploads evidence for the progress reports, as the raw request body (PDF, PNG, JPEG, Word, Excel, PowerPoint, OFD; the type is read from the content)',
    tags: TAGS,
    roles: ['applicant', 'institution_admin'],
    params: idParamSchema,
    query: projectAttachmentUploadQuerySchema,
    upload: FILE_UPLOAD,
    response: projectAttachmentViewSchema,
    status: 201,
    command: true,
    errors: {
      403: 'Not the project’s PI or its host institution',
      409: 'The project is finished (terminated, revoked, accepted or closed)',
    },
  })
  upload(
    @Param() { id }: IdParam,
    @Query() query: z.infer<typeof projectAttachmentUploadQuerySchema>,
    @Req() req: FastifyRequest,
    @CurrentUser() actor: Actor,
  ) {
    return this.attachments.upload(id, query, uploadBody(req), actor);
  }

  @Get(':attachmentId')
  @Endpoint({
    summary:
      '下载项目附件 Download a file of the project or of its application (whoever may read the project, as its reports cite them)',
    tags: TAGS,
    params: attachmentParams,
    download: {
      mediaTypes: ['application/octet-stream'],
      description: 'The file as uploaded, with its media type',
    },
  })
  async download(
    @Param() { id, attachmentId }: z.infer<typeof attachmentParams>,
    @CurrentUser() actor: Actor,
    @Res() res: FastifyReply,
  ) {
    const { row, stream } = await this.attachments.download(id, attachmentId, actor);
    return res
      .header('content-type', row.mediaType)
      .header('content-length', row.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .header('etag', `"${row.sha256}"`)
      .send(stream);
  }
}
