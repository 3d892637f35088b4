import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { notFound, PageQuery, ProgramTemplate } from '@kjflow/domain';
import { mapPage, ProgramTemplateEntity, ProgramTemplateRepository } from '@kjflow/persistence';

const TEMPLATE = { zh: '计划模板', en: 'Program template' };

/**
 * Reading templates (saves go through TemplatesCommandService). Templates are data: each save is a new version (rows are never edited), and guides pin the
 * version they were created with, so editing a template never changes a running call.
 */
@Injectable()
export class TemplatesService {
  constructor(private readonly ds: DataSource) {}

  /** A page of the templates, each at its current version, by code. */
  async list(page: PageQuery) {
    return mapPage(await this.repo().pageOfCurrent(page), toView);
  }

  async get(code: string) {
    const versions = await this.repo().versions(code);
    if (!versions.length) throw notFound(TEMPLATE);
    return {
      ...toView(versions[0]),
      versions: versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt.toISOString() })),
    };
  }

  /** The current version of a code: what a new guide pins. */
  async current(code: string): Promise<ProgramTemplateEntity> {
    const row = await this.repo().current(code);
    if (!row) throw notFound(TEMPLATE);
    return row;
  }

  /** A version by id (read once per process: ProgramTemplateRepository.byId). */
  async byId(id: string): Promise<ProgramTemplateEntity> {
    const found = await this.repo().byId(id);
    if (!found) throw notFound(TEMPLATE);
    return found;
  }

  private repo() {
    return new ProgramTemplateRepository(this.ds);
  }
}

function toView(t: ProgramTemplateEntity): {
  id: string;
  code: string;
  version: number;
  template: ProgramTemplate;
  createdAt: string;
} {
  return {
    id: t.id,
    code: t.code,
    version: t.version,
    template: t.template,
    createdAt: t.createdAt.toISOString(),
  };
}
