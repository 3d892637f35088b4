import { MigrationInterface, QueryRunner } from 'typeorm';
import { DEFAULT_YEARS } from '@kjflow/domain';

/**
 * Where each bundled year came from (国务院办公厅关于部分节假日安排的通知): number and date as
 * published; the URL where a copy of the text was checked. An administrator corrects any of it
 * by entering a new version.
 */
const SOURCES: Record<number, { number: string; publishedOn: string | null; url: string | null }> = {
  2020: { number: '国办发明电〔2019〕16号；国办发明电〔2020〕1号', publishedOn: '2019-11-21', url: null },
  2021: { number: '国办发明电〔2020〕27号', publishedOn: '2020-11-25', url: null },
  2022: { number: '国办发明电〔2021〕11号', publishedOn: '2021-10-25', url: null },
  2023: { number: '国办发明电〔2022〕16号', publishedOn: '2022-12-08', url: null },
  2024: { number: '国办发明电〔2023〕7号', publishedOn: '2023-10-25', url: null },
  2025: { number: '国办发明电〔2024〕12号', publishedOn: '2024-11-12', url: null },
  2026: {
    number: '国办发明电〔2025〕7号',
    publishedOn: '2025-11-04',
    url: 'https://politics.gmw.cn/2025-11/04/content_38391083.htm',
  },
};

export class CalendarYears1765100000000 implements MigrationInterface {
  name = 'CalendarYears1765100000000';

  async up(q: QueryRunner): Promise<void> {
    // The working-day calendar as data: one row per entered version of a year. Rows are never
    // deleted; the approved version with the highest number is the one in force.
    await q.query(`
      CREATE TABLE calendar_years (
        id uuid PRIMARY KEY,
        year int NOT NULL,
        version int NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'approved', 'rejected')),
        holidays jsonb NOT NULL,
        makeup_workdays jsonb NOT NULL,
        source_title text NOT NULL,
        source_number text,
        source_published_on date,
        source_url text,
        note text,
        entered_by uuid,
        entered_at timestamptz NOT NULL,
        decided_by uuid,
        decided_at timestamptz,
        decision_comment text,
        CONSTRAINT calendar_years_version_uq UNIQUE (year, version)
      )`);
    // One entry of a year waits for approval at a time.
    await q.query(
      `CREATE UNIQUE INDEX calendar_years_one_pending ON calendar_years (year) WHERE status = 'pending'`,
    );
    // Periods counted on the calendar remember what they were counted on.
    await q.query(`ALTER TABLE awards ADD COLUMN notice_calendar jsonb`);
    await q.query(`ALTER TABLE misconduct_cases ADD COLUMN appeal_calendar jsonb`);
    // The seven years bundled until now, as version 1, approved at installation.
    for (const file of DEFAULT_YEARS) {
      const s = SOURCES[file.year];
      const title = file.source.split('（')[0];
      await q.query(
        `INSERT INTO calendar_years (id, year, version, status, holidays, makeup_workdays, source_title,
           source_number, source_published_on, source_url, note, entered_at, decided_at)
         VALUES (gen_random_uuid(), $1, 1, 'approved', $2, $3, $4, $5, $6, $7, $8, now(), now())`,
        [
          file.year,
          JSON.stringify(file.holidays),
          JSON.stringify(file.makeupWorkdays),
          title,
          s?.number ?? null,
          s?.publishedOn ?? null,
          s?.url ?? null,
          `随系统安装 Installed with the product: ${file.source}`,
        ],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE misconduct_cases DROP COLUMN appeal_calendar`);
    await q.query(`ALTER TABLE awards DROP COLUMN notice_calendar`);
    await q.query(`DROP TABLE calendar_years`);
  }
}
