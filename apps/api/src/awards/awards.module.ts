import { Module } from '@nestjs/common';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { CallsModule } from '../calls/calls.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { AwardApprovalCommandService } from './award-approval-command.service';
import { AwardPlanningQueryService } from './award-planning-query.service';
import { AwardProposalCommandService } from './award-proposal-command.service';
import { AwardsController } from './awards.controller';
import { AwardsQueryService } from './awards-query.service';
import { ObjectionEvidenceCommandService } from './objection-evidence-command.service';
import { ObjectionsCommandService } from './objections-command.service';
import { ObjectionsQueryService } from './objections-query.service';

@Module({
  imports: [CallsModule, ReviewsModule],
  controllers: [AwardsController],
  providers: [
    AwardProposalCommandService,
    AwardApprovalCommandService,
    AwardsQueryService,
    AwardPlanningQueryService,
    ObjectionsCommandService,
    ObjectionEvidenceCommandService,
    ObjectionsQueryService,
    AttachmentStorage,
  ],
})
export class AwardsModule {}
