import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { GuidesModule } from '../guides/guides.module';
import { CasesController } from './cases.controller';
import { CasesService } from './cases.service';
import { CreditCommandService } from './credit-command.service';
import { CreditController } from './credit.controller';
import { CreditService } from './credit.service';

@Module({
  imports: [GuidesModule, EventsModule],
  controllers: [CreditController, CasesController],
  providers: [CreditService, CreditCommandService, CasesService],
  exports: [CreditService],
})
export class CreditModule {}
