import { Tag } from 'antd';
import type { ReactNode } from 'react';

/**
 * A state as a tag, in colours that keep 4.5:1 contrast (antd's green, orange and gold presets
 * fall below it for small text).
 */
const TONES = {
  ok: { color: '#135200', background: '#f6ffed', borderColor: '#b7eb8f' },
  todo: { color: '#873800', background: '#fff7e6', borderColor: '#ffd591' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#ffa39e' },
  info: { color: '#003a8c', background: '#e6f4ff', borderColor: '#91caff' },
} as const;
export type Tone = keyof typeof TONES;

export function StatusTag({ tone, children }: { tone: Tone; children: ReactNode }) {
  return <Tag style={TONES[tone]}>{children}</Tag>;
}
