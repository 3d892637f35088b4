import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { InstitutionListItem, Page, PageQuery } from '@kjflow/domain';
import { InstitutionRepository, mapPage } from '@kjflow/persistence';

/** The institutions' directory: public facts (name, county) that any logged-in user may read. */
@Injectable()
export class InstitutionsQueryService {
  private readonly institutions: InstitutionRepository;

  constructor(ds: DataSource) {
    this.institutions = new InstitutionRepository(ds);
  }

  async page(filter: { q?: string }, page: PageQuery): Promise<Page<InstitutionListItem>> {
    return mapPage(await this.institutions.page(filter, page), (i) => ({
      id: i.id,
      name: i.name,
      county: i.county,
    }));
  }
}
