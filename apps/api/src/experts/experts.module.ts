import { Module } from '@nestjs/common';
import { CreditModule } from '../credit/credit.module';
import { ExpertCommandService } from './expert-command.service';
import { ExpertQueryService } from './expert-query.service';
import { ExpertsController } from './experts.controller';

@Module({
  imports: [CreditModule],
  controllers: [ExpertsController],
  providers: [ExpertCommandService, ExpertQueryService],
  exports: [ExpertQueryService],
})
export class ExpertsModule {}
