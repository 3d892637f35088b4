import { Controller, Get, Query } from '@nestjs/common';
import {
  InstitutionListQuery,
  institutionListItemSchema,
  institutionListQuerySchema,
  pageSchema,
} from '@kjflow/domain';
import { Endpoint } from '../common/endpoint.decorator';
import { InstitutionsQueryService } from './institutions-query.service';

/** 依托单位名录: the institutions registered in the system, by name (a PI names a new host from it). */
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly institutions: InstitutionsQueryService) {}

  @Get()
  @Endpoint({
    summary: '依托单位名录 Institutions by name, in name order (any logged-in user)',
    tags: ['institutions'],
    query: institutionListQuerySchema,
    response: pageSchema(institutionListItemSchema),
  })
  list(@Query() { limit, next, q }: InstitutionListQuery) {
    return this.institutions.page({ q }, { limit, next });
  }
}
