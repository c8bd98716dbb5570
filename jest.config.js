/**
 * One jest run for the whole suite. Unit tests import TypeScript sources directly (swc);
 * integration tests boot the playground Strapi, which loads the built plugin from dist/
 * exactly as a user's app would (npm test builds it first).
 */
/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['<rootDir>/node_modules/', '<rootDir>/playground/', '<rootDir>/dist/'],
  transform: {
    '^.+\\.(t|j)sx?$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript', tsx: true } }, module: { type: 'commonjs' } }],
  },
  // The language detector (franc-all, its code table and their dependencies) ships as ES modules only: Jest's
  // CommonJS runtime gets them compiled like the sources (the plugin's build keeps its import()).
  transformIgnorePatterns: ['/node_modules/(?!(franc-all|trigram-utils|n-gram|collapse-white-space|iso-639-3)/)'],
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
  testSequencer: '<rootDir>/tests/helpers/sequencer.mjs',
  // Three on CI's two cores: integration suites mostly wait on the emulator's timed jobs, leases and deadlines (with
  // two workers the cores were busy half the time); three took the suite from 434 s to 370 s here.
  maxWorkers: 3,
  testTimeout: 60000,
};
