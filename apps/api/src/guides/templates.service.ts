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
  /** Template versions by id: a version's row is never changed, so it is read once per process. */
  private readonly versions = new Map<string, Promise<ProgramTemplateEntity | null>>();

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

  async byId(id: string): Promise<ProgramTemplateEntity> {
    let row = this.versions.get(id);
    if (!row) {
      row = this.repo().byId(id);
      this.versions.set(id, row);
      // Neither a missing id nor a failed read is kept.
      row.then(
        (r) => r ?? this.versions.delete(id),
        () => this.versions.delete(id),
      );
    }
    const found = await row;
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
