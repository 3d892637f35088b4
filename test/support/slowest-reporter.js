/**
 * A jest reporter that ends the run with its slowest test files (wall time of each, as jest
 * measured it), so that a CI log's tail says where its minutes went.
 */
class SlowestFilesReporter {
  onRunComplete(_contexts, results) {
    const files = results.testResults
      .map((r) => ({
        seconds: (r.perfStats.end - r.perfStats.start) / 1000,
        file: require('node:path').relative(process.cwd(), r.testFilePath),
      }))
      .sort((a, b) => b.seconds - a.seconds);
    if (files.length < 2) return;
    const total = files.reduce((s, f) => s + f.seconds, 0);
    const lines = files.slice(0, 25).map((f) => `${f.seconds.toFixed(1).padStart(8)} s  ${f.file}`);
    process.stderr.write(
      `\nSlowest test files (of ${files.length}, ${Math.round(total)} s in all):\n${lines.join('\n')}\n`,
    );
  }
}

module.exports = SlowestFilesReporter;
