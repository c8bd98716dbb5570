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
  transformIgnorePatterns: ['/node_modules/'],
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
  maxWorkers: 2,
  testTimeout: 60000,
};
