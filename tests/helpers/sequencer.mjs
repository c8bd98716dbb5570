import TestSequencer from '@jest/test-sequencer';

const Sequencer = TestSequencer.default ?? TestSequencer;

/** Suites run in Chromium (tests/browser): the first of them builds the playground's admin panel, about a minute. */
const BROWSER = /[\\/]tests[\\/]browser[\\/]/;
/** Suites that run before the next browser suite may start: time enough for the first one's admin build. */
const BEFORE_NEXT_BROWSER = 3;

/**
 * jest's own order (failed first, then the slowest known, else the largest files), except that the browser suites do
 * not start together: with several workers they would all wait for the same admin build, and none would run a test
 * meanwhile. The first browser suite starts at once (its build is the longest step), the others after a few more.
 */
export default class SuiteSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    const browser = sorted.filter((test) => BROWSER.test(test.path));
    const others = sorted.filter((test) => !BROWSER.test(test.path));
    if (browser.length < 2) return sorted;
    return [browser[0], ...others.slice(0, BEFORE_NEXT_BROWSER), ...browser.slice(1), ...others.slice(BEFORE_NEXT_BROWSER)];
  }
}
