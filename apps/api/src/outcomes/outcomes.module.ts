import { Module } from '@nestjs/common';
import { ProjectsQueryService } from '../projects/projects-query.service';
import { OutcomeRollupQueryService } from './outcome-rollup-query.service';
import { OutcomesCommandService } from './outcomes-command.service';
import { OutcomesController } from './outcomes.controller';
import { OutcomesQueryService } from './outcomes-query.service';

@Module({
  controllers: [OutcomesController],
  providers: [ProjectsQueryService, OutcomesQueryService, OutcomesCommandService, OutcomeRollupQueryService],
})
export class OutcomesModule {}
