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

export { dayjs };
