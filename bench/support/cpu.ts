/** CPU seconds of processes and of the whole machine, from /proc (100 Hz ticks). */
import * as fs from 'node:fs';

/** CPU seconds used so far by `pid` (0 once it is gone). */
export function cpuOf(pid: number | undefined): number {
  if (!pid) return 0;
  try {
    // utime and stime are fields 14 and 15; the command name (field 2) may hold spaces.
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // restarted or gone
  }
}

/** CPU seconds used so far by the whole machine (user, nice and system time of every core). */
export function machineCpu(): number {
  const [, user, nice, system] = fs
    .readFileSync('/proc/stat', 'utf8')
    .split('\n')[0]
    .split(/\s+/)
    .map(Number);
  return (user + nice + system) / 100;
}

/** Each named process's CPU seconds so far, this process's as `bench`, and the machine's. */
export function cpuSnapshot<K extends string>(
  pids: Record<K, number | undefined>,
): Record<K | 'bench' | 'machine', number> {
  const out = { bench: cpuOf(process.pid), machine: machineCpu() } as Record<K | 'bench' | 'machine', number>;
  for (const k of Object.keys(pids) as K[]) out[k] = cpuOf(pids[k]);
  return out;
}
