import { Module } from '@nestjs/common';
import { EventsModule } from '../events/events.module';
import { GuidesModule } from '../guides/guides.module';
import { CasesController } from './cases.controller';
import { CasePolicyCommandService } from './case-policy-command.service';
import { CasePolicyQueryService } from './case-policy-query.service';
import { CasesCommandService } from './cases-command.service';
import { CasesQueryService } from './cases-query.service';
import { CreditCommandService } from './credit-command.service';
import { CreditController } from './credit.controller';
import { CreditService } from './credit.service';

@Module({
  imports: [GuidesModule, EventsModule],
  controllers: [CreditController, CasesController],
  providers: [
    CreditService,
    CreditCommandService,
    CasesCommandService,
    CasesQueryService,
    CasePolicyCommandService,
    CasePolicyQueryService,
  ],
  exports: [CreditService],
})
export class CreditModule {}
