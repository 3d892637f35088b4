import { Module } from '@nestjs/common';
import { CallsModule } from '../calls/calls.module';
import { ReviewsModule } from '../reviews/reviews.module';
import { AwardsController } from './awards.controller';
import { AwardsService } from './awards.service';

@Module({
  imports: [CallsModule, ReviewsModule],
  controllers: [AwardsController],
  providers: [AwardsService],
})
export class AwardsModule {}
