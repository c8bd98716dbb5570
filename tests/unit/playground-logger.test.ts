/**
 * The playground's log (the demo, `strapi start`): LOG_LEVEL keeps that level and every more severe one. It once
 * kept that one level alone, so the demo's default "warn" showed no error and "info" no outage warning; and its
 * clock was a 12-hour one without am/pm.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';

/** What the playground's logger prints at `level` for one line of each severity (a fresh Node, as Strapi runs it). */
function printed(level: string): string {
  const script = `
    const { winston } = require('@strapi/logger');
    const logger = winston.createLogger(require(${JSON.stringify(path.resolve(__dirname, '../../playground/config/logger.js'))}));
    for (const severity of ['error', 'warn', 'info', 'http']) logger.log(severity, severity + ' line');
  `;
  // Half past ten at night, local time: a 24-hour clock says 22.
  const preload = 'const RealDate = Date; globalThis.Date = class extends RealDate { constructor(...a) { super(...(a.length ? a : [2026, 11, 3, 22, 26, 5])); } static now() { return new RealDate(2026, 11, 3, 22, 26, 5).getTime(); } };';
  return execFileSync(process.execPath, ['-e', `${preload}\n${script}`], {
    cwd: path.resolve(__dirname, '../..'),
    env: { ...process.env, LOG_LEVEL: level, FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
  });
}

describe('playground logger', () => {
  it('shows the chosen level and every more severe one', () => {
    const atWarn = printed('warn');
    expect(atWarn).toContain('error line');
    expect(atWarn).toContain('warn line');
    expect(atWarn).not.toContain('info line');
    const atInfo = printed('info');
    for (const line of ['error line', 'warn line', 'info line']) expect(atInfo).toContain(line);
    expect(atInfo).not.toContain('http line');
  });

  it('stamps lines with a 24-hour clock', () => {
    expect(printed('info')).toContain('2026-12-03 22:26:05.000');
  });
});
