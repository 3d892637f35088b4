import { Body, Controller, Get, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  Actor,
  AUDIT_ROLES,
  attachmentUploadQuerySchema,
  awardApprovalDecisionSchema,
  awardProposalSchema,
  AwardProposalInput,
  objectionOutcomeSchema,
  STAFF_ROLES,
  pageQuerySchema,
  pageSchema,
  PageQuery,
  objectionSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { FILE_UPLOAD, uploadBody } from '../common/upload-body';
import { IdParam, idParamSchema } from '../common/params';
import { CurrentUser } from '../common/request-user';
import {
  awardNextSchema,
  awardViewSchema,
  evidenceUploadedSchema,
  noticePreviewSchema,
  objectionForObjectorSchema,
  objectionReceiptSchema,
  objectionViewSchema,
  publicNoticeSchema,
} from './awards.schemas';
import { AwardApprovalCommandService } from './award-approval-command.service';
import { AwardPlanningQueryService } from './award-planning-query.service';
import { AwardProposalCommandService } from './award-proposal-command.service';
import { AwardsQueryService } from './awards-query.service';
import { ObjectionEvidenceCommandService } from './objection-evidence-command.service';
import { ObjectionsCommandService } from './objections-command.service';
import { ObjectionsQueryService } from './objections-query.service';

const TAGS = ['awards'];
const objectionParams = z.object({ id: z.uuid(), objectionId: z.uuid() });
const evidenceParams = z.object({ id: z.uuid(), evidenceId: z.uuid() });
const evidenceQuery = attachmentUploadQuerySchema.pick({ name: true });

@Controller()
export class AwardsController {
  constructor(
    private readonly proposals: AwardProposalCommandService,
    private readonly approvals: AwardApprovalCommandService,
    private readonly awards: AwardsQueryService,
    private readonly planning: AwardPlanningQueryService,
    private readonly objectionCommands: ObjectionsCommandService,
    private readonly evidenceCommands: ObjectionEvidenceCommandService,
    private readonly objectionsQuery: ObjectionsQueryService,
  ) {}

  @Post('calls/:id/awards')
  @Endpoint({
    summary:
      '立项建议 Propose awards with amounts; their sum never exceeds the call’s budget (the shortfall is named)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    body: awardProposalSchema,
    status: 201,
    command: true,
    response: awardViewSchema,
  })
  propose(@Param() { id }: IdParam, @Body() body: AwardProposalInput, @CurrentUser() actor: Actor) {
    return this.proposals.propose(id, body, actor);
  }

  @Get('calls/:id/awards')
  @Endpoint({
    summary: '本批次立项决定 The awards of a call',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(awardViewSchema),
  })
  ofCall(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.awards.ofCall(id, page, actor);
  }

  @Get('calls/:id/awards/next')
  @Endpoint({
    summary:
      '递补 The next in the ranking without a live award (after a cancellation or forfeit), and the budget left',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    query: z.object({ roundId: z.uuid() }),
    response: awardNextSchema,
  })
  next(@Param() { id }: IdParam, @Query() { roundId }: { roundId: string }, @CurrentUser() actor: Actor) {
    return this.planning.next(id, roundId, actor);
  }

  @Get('calls/:id/awards/notice-preview')
  @Endpoint({
    summary:
      '公示期测算 When a notice published at publishAt would end: the program’s working days on the State Council calendar, in Beijing time',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    query: z.object({
      publishAt: z.iso.datetime({ offset: true }).describe('The planned publication, ISO 8601 with offset'),
    }),
    response: noticePreviewSchema,
  })
  noticePreview(
    @Param() { id }: IdParam,
    @Query() { publishAt }: { publishAt: string },
    @CurrentUser() actor: Actor,
  ) {
    return this.planning.noticePreview(id, new Date(publishAt), actor);
  }

  @Get('awards/:id')
  @Endpoint({
    summary: '立项决定 The award: items, approvals, notice',
    tags: TAGS,
    roles: AUDIT_ROLES,
    params: idParamSchema,
    response: awardViewSchema,
  })
  get(@Param() { id }: IdParam, @CurrentUser() actor: Actor) {
    return this.awards.get(id, actor);
  }

  @Post('awards/:id/approval')
  @Endpoint({
    summary:
      '审批立项建议 Approve or return (with comments); never the proposer; the last approval starts the public notice',
    tags: TAGS,
    roles: ['admin', 'officer'],
    params: idParamSchema,
    body: awardApprovalDecisionSchema,
    status: 200,
    command: true,
    response: awardViewSchema,
  })
  decide(
    @Param() { id }: IdParam,
    @Body() body: z.infer<typeof awardApprovalDecisionSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.approvals.decide(id, body, actor);
  }

  @Get('public/awards/:id/notice')
  @Endpoint({
    summary: '立项公示 The public notice (no login)',
    tags: TAGS,
    public: true,
    params: idParamSchema,
    response: publicNoticeSchema,
  })
  notice(@Param() { id }: IdParam) {
    return this.awards.publicNotice(id);
  }

  @Post('public/awards/:id/objections')
  @Endpoint({
    summary:
      '提出异议 Object during the notice: named (实名), with specific facts; late or anonymous objections are refused',
    tags: TAGS,
    public: true,
    params: idParamSchema,
    status: 201,
    command: true,
    // Parsed before the award is looked up (400 before 404 or 422, as everywhere); the award's
    // workflow applies the same rule again with its clock.
    body: objectionSchema,
    response: objectionReceiptSchema,
  })
  object(@Param() { id }: IdParam, @Body() body: unknown) {
    return this.objectionCommands.object(id, body);
  }

  @Get('public/awards/:id/objections/:objectionId')
  @Endpoint({
    summary:
      '异议答复 The objector reads their objection’s state and answer with the receipt given at filing',
    tags: TAGS,
    public: true,
    params: objectionParams,
    query: z.object({
      receipt: z.string().trim().min(10).max(100).describe('The receipt returned at filing'),
    }),
    response: objectionForObjectorSchema,
  })
  objectionForObjector(
    @Param() { id, objectionId }: z.infer<typeof objectionParams>,
    @Query() { receipt }: { receipt: string },
  ) {
    return this.objectionsQuery.forObjector(id, objectionId, receipt);
  }

  @Post('public/awards/:id/evidence')
  @Endpoint({
    summary:
      '异议证据 Upload an evidence file during the notice, as the raw body (PDF, images, Office, OFD; at most 20 MB); name it by the returned id in the objection',
    tags: TAGS,
    public: true,
    params: idParamSchema,
    query: evidenceQuery,
    upload: FILE_UPLOAD,
    status: 201,
    response: evidenceUploadedSchema,
    command: true,
  })
  uploadEvidence(
    @Param() { id }: IdParam,
    @Query() { name }: z.infer<typeof evidenceQuery>,
    @Req() req: FastifyRequest,
  ) {
    return this.evidenceCommands.upload(id, name, uploadBody(req));
  }

  @Get('awards/:id/evidence/:evidenceId')
  @Endpoint({
    summary: '异议证据 Download an objection’s evidence file (staff investigating it)',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: evidenceParams,
    download: {
      mediaTypes: ['application/octet-stream'],
      description: 'The file as uploaded, with its media type',
    },
  })
  async evidence(
    @Param() { id, evidenceId }: z.infer<typeof evidenceParams>,
    @CurrentUser() actor: Actor,
    @Res() res: FastifyReply,
  ) {
    const { row, stream } = await this.objectionsQuery.evidenceFile(id, evidenceId, actor);
    return res
      .header('content-type', row.mediaType)
      .header('content-length', row.sizeBytes)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(row.fileName)}`)
      .header('x-content-type-options', 'nosniff')
      .send(stream);
  }

  @Get('awards/:id/objections')
  @Endpoint({
    summary: '异议 The objections and their answers',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: idParamSchema,
    query: pageQuerySchema,
    response: pageSchema(objectionViewSchema),
  })
  objections(@Param() { id }: IdParam, @Query() page: PageQuery, @CurrentUser() actor: Actor) {
    return this.objectionsQuery.page(id, page, actor);
  }

  @Post('awards/:id/objections/:objectionId/decision')
  @Endpoint({
    summary: '异议处理 Maintain, adjust (new amount) or cancel the award, with the answer to the objector',
    tags: TAGS,
    roles: STAFF_ROLES,
    params: objectionParams,
    body: objectionOutcomeSchema,
    status: 200,
    command: true,
    response: objectionViewSchema,
  })
  decideObjection(
    @Param() { id, objectionId }: z.infer<typeof objectionParams>,
    @Body() body: z.infer<typeof objectionOutcomeSchema>,
    @CurrentUser() actor: Actor,
  ) {
    return this.objectionCommands.decide(id, objectionId, body, actor);
  }
}
