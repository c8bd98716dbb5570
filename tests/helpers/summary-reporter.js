'use strict';

/**
 * Ends the jest run with one plain line, "tests: N passed, N failed, N skipped", that CI reads as the verdict.
 * Skipped tests are counted apart, never as passed.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(`\ntests: ${results.numPassedTests} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}

module.exports = SummaryReporter;
