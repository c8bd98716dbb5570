'use strict';

/**
 * Builds the playground's admin panel (playground/build), with the plugin's admin part in it.
 *
 * Why not `strapi build`: the CLI looks for a tsconfig.json in every parent folder, finds the plugin's own at the
 * repository root and then treats this JavaScript app as a TypeScript one. Calling the same build function with
 * no TypeScript config avoids that. Pinned to @strapi/strapi 5.54.
 */
const path = require('path');

// Run from anywhere (the repository root, say): the bundler resolves the app's files from the working directory.
process.chdir(path.resolve(__dirname, '..'));

const strapiDir = path.dirname(require.resolve('@strapi/strapi/package.json'));
const { build } = require(path.join(strapiDir, 'dist/src/node/build.js'));
const { createLogger } = require(path.join(strapiDir, 'dist/src/cli/utils/logger.js'));

build({
  cwd: path.resolve(__dirname, '..'),
  logger: createLogger({ debug: false, silent: false, timestamp: false }),
  tsconfig: undefined,
  bundler: 'vite',
  minify: true,
  sourcemap: false,
  stats: false,
}).catch((error) => {
  console.error(error);
  process.exit(1);
});
