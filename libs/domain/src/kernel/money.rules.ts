// Money is integer fen (分): formatting, zod-free (workflow messages name amounts).

/** Yuan with two decimals as text (`1800.05`), exact: for exports where a float would round. */
export function yuanDecimal(fen: number, thousands = ''): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`yuanDecimal expects integer fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100).toString();
  const cents = (abs % 100).toString().padStart(2, '0');
  return `${sign}${yuan.replace(/\B(?=(\d{3})+(?!\d))/g, thousands)}.${cents}`;
}

export function formatYuan(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatYuan expects integer fen, got ${fen}`);
  const text = yuanDecimal(fen, ',');
  return text.startsWith('-') ? `-¥${text.slice(1)}` : `¥${text}`;
}
