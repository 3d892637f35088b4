import { Module } from '@nestjs/common';
import { InstitutionsController } from './institutions.controller';
import { InstitutionsQueryService } from './institutions-query.service';

@Module({ controllers: [InstitutionsController], providers: [InstitutionsQueryService] })
export class InstitutionsModule {}
