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
  // eld ships as an ES module only (an `import` condition alone): in Jest's CommonJS runtime its entry is mapped to
  // its file and compiled like the sources (the plugin's build keeps the import()).
  moduleNameMapper: { '^eld/small$': '<rootDir>/node_modules/eld/src/entries/static.small.js' },
  transformIgnorePatterns: ['/node_modules/(?!eld/)'],
  reporters: ['default', '<rootDir>/tests/helpers/summary-reporter.js'],
  maxWorkers: 2,
  testTimeout: 60000,
};
