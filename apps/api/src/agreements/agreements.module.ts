import { Module } from '@nestjs/common';
import { AgreementExecutionCommandService } from './agreement-execution-command.service';
import { AgreementPrintQueryService } from './agreement-print-query.service';
import { AgreementSigningCommandService } from './agreement-signing-command.service';
import { AgreementsController } from './agreements.controller';
import { AgreementsQueryService } from './agreements-query.service';
import { PaymentListQueryService } from './payment-list-query.service';

@Module({
  controllers: [AgreementsController],
  providers: [
    AgreementSigningCommandService,
    AgreementExecutionCommandService,
    AgreementsQueryService,
    AgreementPrintQueryService,
    PaymentListQueryService,
  ],
})
export class AgreementsModule {}
