/**
 * The few parts of `lunar-javascript` (which ships no types) that the provisional calendar and its
 * spec use. Months and days are 1-based; a Solar is a Gregorian date, a Lunar a Chinese lunar date,
 * both as civil dates in Beijing time.
 */
declare module 'lunar-javascript' {
  export class Solar {
    static fromYmd(year: number, month: number, day: number): Solar;
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    /** `YYYY-MM-DD`. */
    toYmd(): string;
    /** 0 = Sunday … 6 = Saturday. */
    getWeek(): number;
    next(days: number): Solar;
    getLunar(): Lunar;
  }

  export class Lunar {
    /** A lunar date; a leap month is a negative month. */
    static fromYmd(year: number, month: number, day: number): Lunar;
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    getSolar(): Solar;
    /** The solar terms around this lunar year, by Chinese name (清明, 冬至, …) and pinyin keys. */
    getJieQiTable(): Record<string, Solar>;
  }

  /** The library's own transcription of the State Council's notices (used by the spec only). */
  export interface Holiday {
    getDay(): string;
    getName(): string;
    isWork(): boolean;
    getTarget(): string;
  }

  export const HolidayUtil: {
    getHolidays(year: number): Holiday[];
  };
}
