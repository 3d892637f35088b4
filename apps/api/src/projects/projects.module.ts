import { Module } from '@nestjs/common';
import { CreditModule } from '../credit/credit.module';
import { ProjectChangesController } from './project-changes.controller';
import { ProjectChangesService } from './project-changes.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';

@Module({
  imports: [CreditModule],
  controllers: [ProjectsController, ProjectReportsController, ProjectChangesController],
  providers: [ProjectsService, ProjectReportsService, ProjectChangesService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
