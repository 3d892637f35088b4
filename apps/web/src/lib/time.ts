import dayjs from 'dayjs';
import timezone from 'dayjs/plugin/timezone';
import utc from 'dayjs/plugin/utc';
import 'dayjs/locale/zh-cn';

dayjs.extend(utc);
dayjs.extend(timezone);

/** Times are stored UTC; the bureau and its users read them in Asia/Shanghai, whatever the browser says. */
export const ZONE = 'Asia/Shanghai';

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(ZONE).format('YYYY-MM-DD HH:mm');
}

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  return dayjs(iso).tz(ZONE).format('YYYY-MM-DD');
}

export type Dayjs = ReturnType<typeof dayjs>;

/** A picker's wall-clock time read as Asia/Shanghai, as an ISO instant for the API. */
export function shanghaiIso(value: Dayjs | null | undefined): string {
  if (!value) return '';
  return dayjs.tz(value.format('YYYY-MM-DD HH:mm:ss'), ZONE).toISOString();
}

/** An API instant as a picker value showing its Beijing wall-clock time. */
export function pickerValue(iso: string): Dayjs {
  return dayjs(dayjs(iso).tz(ZONE).format('YYYY-MM-DD HH:mm:ss'));
}

export { dayjs };
