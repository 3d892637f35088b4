import { Module } from '@nestjs/common';
import { AttachmentStorage } from '../attachments/attachment-storage';
import { CallsModule } from '../calls/calls.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';

@Module({
  imports: [CallsModule, ReviewsModule],
  controllers: [AwardsController],
  providers: [AwardsService, AttachmentStorage],
})
export class AwardsModule {}
