const fs = require('node:fs');
const path = require('node:path');

/**
 * A jest reporter that ends the run with its slowest test files (wall time of each, as jest
 * measured it), so that a CI log's tail says where its minutes went. With KJ_WRITE_DURATIONS=1 it
 * also records every file's time in test/support/durations.json, which orders the next runs on a
 * clean checkout (sequencer.js); files of other projects keep their recorded times.
 */
class SlowestFilesReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({
        seconds: (r.perfStats.end - r.perfStats.start) / 1000,
        file: path.relative(process.cwd(), r.testFilePath),
      }))
      .sort((a, b) => b.seconds - a.seconds);
    if (process.env.KJ_WRITE_DURATIONS === '1') writeDurations(files);
    if (files.length < 2) return;
    const total = files.reduce((s, f) => s + f.seconds, 0);
    const lines = files.slice(0, 25).map((f) => `${f.seconds.toFixed(1).padStart(8)} s  ${f.file}`);
    process.stderr.write(
      `\nSlowest test files (of ${files.length}, ${Math.round(total)} s in all):\n${lines.join('\n')}\n`,
    );
  }
}

function writeDurations(files) {
  const { DURATIONS } = require('./sequencer');
  let seconds = {};
  try {
    seconds = JSON.parse(fs.readFileSync(DURATIONS, 'utf8')).seconds;
  } catch {
    /* the first record */
  }
  for (const f of files) seconds[f.file.split(path.sep).join('/')] = Math.round(f.seconds * 10) / 10;
  const sorted = Object.fromEntries(Object.entries(seconds).sort(([a], [b]) => a.localeCompare(b)));
  const note =
    'Seconds per test file in a full `npm test` run, for test/support/sequencer.js (longest first on a clean checkout). Rewrite with KJ_WRITE_DURATIONS=1 npm test.';
  fs.writeFileSync(DURATIONS, `${JSON.stringify({ note, seconds: sorted }, null, 2)}\n`);
}

module.exports = SlowestFilesReporter;
