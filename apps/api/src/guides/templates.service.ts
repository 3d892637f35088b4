import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Actor, notFound, ProgramTemplate, validateTemplate } from '@kjflow/domain';
import { appendWithChange, ProgramTemplateEntity } from '@kjflow/persistence';

const TEMPLATE = { zh: '计划模板', en: 'Program template' };

/**
 * Templates are data: each save is a new version (rows are never edited), and guides pin the
 * version they were created with, so editing a template never changes a running call.
 */
@Injectable()
export class TemplatesService {
  constructor(private readonly ds: DataSource) {}

  async create(input: unknown, actor: Actor) {
    const template = validateTemplate(input);
    const id = randomUUID();
    await this.ds.transaction(async (tx) => {
      // One version at a time per code; the unique (code, version) constraint backs this up.
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`template:${template.code}`]);
      const [{ max }] = await tx.query('SELECT max(version) AS max FROM program_templates WHERE code = $1', [
        template.code,
      ]);
      const version = (max ?? 0) + 1;
      await appendWithChange(
        tx,
        {
          type: version === 1 ? 'program_template.created' : 'program_template.versioned',
          subjectType: 'program_template',
          subjectId: template.code,
          actorId: actor.id,
          payload: { id, version, mode: template.mode },
          workflowId: `program-template-${template.code}`,
          step: `v${version}`,
          occurredAt: new Date(),
        },
        (t) =>
          t.insert(ProgramTemplateEntity, {
            id,
            code: template.code,
            version,
            mode: template.mode,
            template,
            createdBy: actor.id,
          }),
      );
    });
    return this.get(template.code);
  }

  async list() {
    const rows: ProgramTemplateEntity[] = await this.ds
      .getRepository(ProgramTemplateEntity)
      .createQueryBuilder('t')
      .distinctOn(['t.code'])
      .orderBy('t.code')
      .addOrderBy('t.version', 'DESC')
      .getMany();
    return rows.map(toView);
  }

  async get(code: string) {
    const versions = await this.ds
      .getRepository(ProgramTemplateEntity)
      .find({ where: { code }, order: { version: 'DESC' } });
    if (!versions.length) throw notFound(TEMPLATE);
    return {
      ...toView(versions[0]),
      versions: versions.map((v) => ({ id: v.id, version: v.version, createdAt: v.createdAt.toISOString() })),
    };
  }

  /** The current version of a code: what a new guide pins. */
  async current(code: string): Promise<ProgramTemplateEntity> {
    const row = await this.ds
      .getRepository(ProgramTemplateEntity)
      .findOne({ where: { code }, order: { version: 'DESC' } });
    if (!row) throw notFound(TEMPLATE);
    return row;
  }

  async byId(id: string): Promise<ProgramTemplateEntity> {
    const row = await this.ds.getRepository(ProgramTemplateEntity).findOneBy({ id });
    if (!row) throw notFound(TEMPLATE);
    return row;
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
