import { Module } from '@nestjs/common';
import { CreditModule } from '../credit/credit.module';
import { ProjectChangesController } from './project-changes.controller';
import { ProjectChangesService } from './project-changes.service';
import { ProjectsController } from './projects.controller';
import { ProjectsService } from './projects.service';

@Module({
  imports: [CreditModule],
  controllers: [ProjectsController, ProjectChangesController],
  providers: [ProjectsService, ProjectChangesService],
  exports: [ProjectsService],
})
export class ProjectsModule {}
