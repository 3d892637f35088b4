import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { CALENDAR_ENTRY_STATUS_LABELS, calendarYearsInForce, notFound, PageQuery } from '@kjflow/domain';
import { approvedYearOf, CalendarRepository, CalendarYearEntity, mapPage } from '@kjflow/persistence';

const STATUS_LABELS = {
  official: { zh: '正式（国务院办公厅通知）', en: 'Official (State Council notice)' },
  provisional: {
    zh: '临时（推算，不短于正式安排）',
    en: 'Provisional (computed, never shorter than the official one)',
  },
};

/** Reads of the working-day calendar. */
@Injectable()
export class CalendarQueryService {
  private readonly repo: CalendarRepository;

  constructor(ds: DataSource) {
    this.repo = new CalendarRepository(ds);
  }

  /** The year as periods are counted on it: the approved notice in force, else computed. */
  async year(year: number) {
    const [approved] = await this.repo.approvedInForce([year]);
    const [inForce] = calendarYearsInForce([year], approved ? [approvedYearOf(approved)] : []);
    const pending = await this.repo.pending(year);
    const { data } = inForce;
    return {
      year,
      status: inForce.status,
      statusLabel: STATUS_LABELS[inForce.status],
      version: inForce.version,
      source: approved
        ? this.source(approved)
        : { title: data.source, number: null, publishedOn: null, url: null },
      holidays: data.holidays,
      makeupWorkdays: data.makeupWorkdays,
      daysOff: data.holidays.flatMap((h) => h.dates).sort(),
      makeupDays: data.makeupWorkdays.flatMap((m) => m.dates).sort(),
      approvedAt: approved?.decidedAt?.toISOString() ?? null,
      pendingVersion: pending?.version ?? null,
    };
  }

  /** The last year with an approved notice (what /health warns about). */
  lastOfficialYear(): Promise<number | null> {
    return this.repo.lastOfficialYear();
  }

  /** A page of the versions of a year, newest first; the approved one in force is marked. */
  async versions(year: number, page: PageQuery) {
    const rows = await this.repo.pageOfVersions(year, page);
    const [inForce] = await this.repo.approvedInForce([year]);
    return mapPage(rows, (r) => this.view(r, r.id === inForce?.id));
  }

  async version(year: number, version: number) {
    const row = await this.repo.version(year, version);
    if (!row)
      throw notFound({ zh: `${year}年第${version}版节假日安排`, en: `Version ${version} of ${year}` });
    const [inForce] = await this.repo.approvedInForce([year]);
    return this.view(row, inForce?.id === row.id);
  }

  /** The next version number and the one awaiting approval: a new year workflow starts from them. */
  async numbering(year: number) {
    const pending = await this.repo.pending(year);
    return {
      lastVersion: await this.repo.latestVersion(year),
      pending: pending
        ? { id: pending.id, version: pending.version, enteredBy: pending.enteredBy ?? '' }
        : null,
    };
  }

  private source(r: CalendarYearEntity) {
    return {
      title: r.sourceTitle,
      number: r.sourceNumber,
      publishedOn: r.sourcePublishedOn,
      url: r.sourceUrl,
    };
  }

  private view(r: CalendarYearEntity, inForce: boolean) {
    return {
      id: r.id,
      year: r.year,
      version: r.version,
      status: r.status,
      statusLabel: CALENDAR_ENTRY_STATUS_LABELS[r.status],
      inForce,
      source: this.source(r),
      note: r.note,
      holidays: r.holidays,
      makeupWorkdays: r.makeupWorkdays,
      enteredBy: r.enteredBy,
      enteredAt: r.enteredAt.toISOString(),
      decidedBy: r.decidedBy,
      decidedAt: r.decidedAt?.toISOString() ?? null,
      decisionComment: r.decisionComment,
    };
  }
}
