/**
 * The tests' outside programs (PostgreSQL, Chromium) come from the system when it has them, else from npm packages.
 * AUTO_ILLUSTRATION_TEST_IGNORE_SYSTEM_BINARIES=1 skips the system ones, to check what a fresh machine runs.
 */
export function systemBinariesAllowed(): boolean {
  return !['1', 'true'].includes(process.env.AUTO_ILLUSTRATION_TEST_IGNORE_SYSTEM_BINARIES ?? '');
}
