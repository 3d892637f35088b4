import { DataSource, EntityManager } from 'typeorm';
import {
  ApprovedCalendarYear,
  CalendarEntryStatus,
  calendarYearsInForce,
  CalendarYearInForce,
  Page,
  PageQuery,
  sourceText,
  yearsToLoad,
} from '@kjflow/domain';
import { CalendarYearEntity } from '../entities/calendar-year.entity';
import { keysetPage } from '../pagination';

/** An approved row as the domain counts on it. */
export function approvedYearOf(r: CalendarYearEntity): ApprovedCalendarYear {
  return {
    year: r.year,
    version: r.version,
    holidays: r.holidays,
    makeupWorkdays: r.makeupWorkdays,
    source: sourceText({ title: r.sourceTitle, number: r.sourceNumber }),
  };
}

/** The years of the working-day calendar: every entered version, and the approved ones in force. */
export class CalendarRepository {
  constructor(private readonly db: DataSource | EntityManager) {}

  private get rows() {
    return this.db.getRepository(CalendarYearEntity);
  }

  /** For each of `years` that has one, its approved version with the highest number. */
  async approvedInForce(years: readonly number[]): Promise<CalendarYearEntity[]> {
    if (years.length === 0) return [];
    return this.rows
      .createQueryBuilder('c')
      .distinctOn(['c.year'])
      .where('c.year IN (:...years)', { years })
      .andWhere(`c.status = 'approved'`)
      .orderBy('c.year', 'ASC')
      .addOrderBy('c.version', 'DESC')
      .getMany();
  }

  /**
   * The calendar a period from `from` is counted on: each year it may touch, approved data where
   * there is one (official), else computed (provisional).
   */
  async inForceFrom(from: Date | number): Promise<CalendarYearInForce[]> {
    return this.inForce(yearsToLoad(from));
  }

  async inForce(years: readonly number[]): Promise<CalendarYearInForce[]> {
    return calendarYearsInForce(years, (await this.approvedInForce(years)).map(approvedYearOf));
  }

  /** The last year with approved data, or null. */
  async lastOfficialYear(): Promise<number | null> {
    const row = await this.rows
      .createQueryBuilder('c')
      .select('max(c.year)', 'year')
      .where(`c.status = 'approved'`)
      .getRawOne<{ year: number | null }>();
    return row?.year ?? null;
  }

  /** A page of the versions of a year, newest first. */
  pageOfVersions(year: number, page: PageQuery): Promise<Page<CalendarYearEntity>> {
    const query = this.rows.createQueryBuilder('c').where('c.year = :year', { year });
    return keysetPage(
      query,
      { columns: ['c.version'], direction: 'DESC', cursorOf: (c) => [c.version] },
      page,
    );
  }

  version(year: number, version: number): Promise<CalendarYearEntity | null> {
    return this.rows.findOneBy({ year, version });
  }

  /** The highest version number entered for the year (0 when none). */
  async latestVersion(year: number): Promise<number> {
    const row = await this.rows
      .createQueryBuilder('c')
      .select('coalesce(max(c.version), 0)', 'version')
      .where('c.year = :year', { year })
      .getRawOne<{ version: number }>();
    return Number(row?.version ?? 0);
  }

  /** The version waiting for approval, if any. */
  pending(year: number): Promise<CalendarYearEntity | null> {
    return this.rows.findOneBy({ year, status: 'pending' });
  }

  /** Inside the activity's transaction (see appendWithChange). */
  async insert(row: Omit<CalendarYearEntity, 'decidedBy' | 'decidedAt' | 'decisionComment'>): Promise<void> {
    await this.rows.insert({ ...row, decidedBy: null, decidedAt: null, decisionComment: null });
  }

  /** Inside the activity's transaction: the pending version approved or rejected. */
  async decide(
    id: string,
    d: {
      status: Exclude<CalendarEntryStatus, 'pending'>;
      decidedBy: string;
      decidedAt: Date;
      comment: string | null;
    },
  ): Promise<void> {
    await this.rows.update(
      { id, status: 'pending' },
      { status: d.status, decidedBy: d.decidedBy, decidedAt: d.decidedAt, decisionComment: d.comment },
    );
  }
}
