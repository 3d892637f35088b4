import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * The objector has no account: the receipt handed out at filing reads the answer later. Only its
 * hash is kept.
 */
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

export function newReceipt(): { receipt: string; receiptSha256: string } {
  const receipt = randomBytes(18).toString('base64url');
  return { receipt, receiptSha256: sha256(receipt) };
}

/** Compared in constant time, so the answer's timing reveals nothing of the stored hash. */
export function receiptMatches(storedSha256: string | null | undefined, receipt: string): boolean {
  if (!storedSha256) return false;
  return timingSafeEqual(Buffer.from(storedSha256, 'hex'), Buffer.from(sha256(receipt), 'hex'));
}
