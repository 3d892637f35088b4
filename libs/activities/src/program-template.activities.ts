import { DataSource } from 'typeorm';
import { appendWithChange, ProgramTemplateRepository } from '@kjflow/persistence';
import type { ProgramTemplateRecord } from '@kjflow/workflows';

export function programTemplateActivities(ds: DataSource) {
  return {
    /** The next version of the code, numbered under the code's lock; a retry finds its row. */
    async saveProgramTemplate(rec: ProgramTemplateRecord): Promise<{ version: number }> {
      const { template } = rec;
      return ds.transaction(async (tx) => {
        const repo = new ProgramTemplateRepository(tx);
        const done = await repo.byId(rec.id);
        if (done) return { version: done.version };
        const version = await repo.nextVersion(template.code);
        await appendWithChange(
          tx,
          {
            type: version === 1 ? 'program_template.created' : 'program_template.versioned',
            subjectType: 'program_template',
            subjectId: template.code,
            actorId: rec.actorId,
            payload: { id: rec.id, version, mode: template.mode },
            workflowId: rec.workflowId,
            step: rec.step,
            occurredAt: new Date(rec.at),
          },
          () =>
            repo.insert({
              id: rec.id,
              code: template.code,
              version,
              mode: template.mode,
              template,
              createdBy: rec.actorId,
            }),
        );
        return { version };
      });
    },
  };
}
