import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ReviewCommandService } from './review-command.service';
import { ReviewQueryService } from './review-query.service';
import { ReviewsController } from './reviews.controller';

@Module({
  imports: [CallsModule],
  controllers: [ReviewsController],
  providers: [ReviewCommandService, ReviewQueryService],
  exports: [ReviewQueryService],
})
export class ReviewsModule {}
