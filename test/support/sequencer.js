/**
 * Longest files first, from the start of every run, also on a clean clone.
 *
 * Jest's own sequencer orders files by their last run's durations, kept in its cache folder; on a
 * clean checkout (CI) that cache is empty and it falls back to file size. Then a small file that
 * runs long, such as workflows/src/replay.spec.ts (a page of code, ~45 s of replays), starts last
 * and runs alone while the other worker idles. Here a file's duration is the cache's when it has
 * one, else the one recorded in test/support/durations.json (seconds per file, the run's slowest
 * reporter writes it with KJ_WRITE_DURATIONS=1); a file in neither goes first, as jest puts files
 * without a duration first, biggest first.
 *
 * Longest first within each lane, and the two lanes interleaved by their share of the run: the
 * end-to-end files (most of their time is waiting on their programs' timers: three of them side by
 * side left the CPU 55–80 % idle for the first five minutes) and the rest (unit and medium files,
 * which keep a core busy). Each next file is taken from the lane that has used less of its own
 * total so far, so CPU-bound files run beside waiting ones instead of contending with each other later.
 */
const fs = require('node:fs');
const path = require('node:path');
const Sequencer = require('@jest/test-sequencer').default;

const DURATIONS = path.join(__dirname, 'durations.json');

class DurationSequencer extends Sequencer {
  recorded() {
    if (!this._recorded) {
      try {
        this._recorded = JSON.parse(fs.readFileSync(DURATIONS, 'utf8')).seconds;
      } catch {
        this._recorded = {};
      }
    }
    return this._recorded;
  }

  time(test) {
    const cached = super.time(test);
    if (cached != null) return cached;
    const file = path.relative(test.context.config.rootDir, test.path).split(path.sep).join('/');
    const seconds = this.recorded()[file];
    return seconds == null ? undefined : seconds * 1000;
  }

  sort(tests) {
    const ordered = super.sort(tests); // failed, then untimed (biggest first), then longest first
    const head = ordered.filter((t) => t.duration == null || this.hasFailed(t));
    const timed = ordered.filter((t) => !head.includes(t));
    const lanes = [
      timed.filter((t) => t.context.config.displayName?.name === 'e2e'),
      timed.filter((t) => t.context.config.displayName?.name !== 'e2e'),
    ].map((files) => ({ files, total: files.reduce((s, t) => s + t.duration, 0) || 1, taken: 0 }));
    const merged = [];
    while (lanes.some((l) => l.files.length)) {
      const open = lanes.filter((l) => l.files.length);
      const lane = open.reduce((a, b) => (b.taken / b.total < a.taken / a.total ? b : a));
      const next = lane.files.shift();
      lane.taken += next.duration;
      merged.push(next);
    }
    return [...head, ...merged];
  }
}

module.exports = DurationSequencer;
module.exports.DURATIONS = DURATIONS;
