// Jest's own summary, then the plain closing line CI reads: "N passed, N failed".
// Jest always adds its SummaryReporter last, so this reporter takes its place.
const { SummaryReporter: JestSummary } = require('@jest/reporters');

class SummaryReporter extends JestSummary {
  onRunComplete(contexts, results) {
    super.onRunComplete(contexts, results);
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    process.stderr.write(`\n${results.numPassedTests} passed, ${failed} failed\n`);
  }
}
module.exports = SummaryReporter;
