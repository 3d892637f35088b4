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
}

module.exports = DurationSequencer;
module.exports.DURATIONS = DURATIONS;
