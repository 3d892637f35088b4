import { Module } from '@nestjs/common';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';
import { ProjectReportsController } from './project-reports.controller';
import { ProjectReportsService } from './project-reports.service';

@Module({
  controllers: [ProjectsController, ProjectReportsController],
  providers: [ProjectsService, ProjectReportsService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
