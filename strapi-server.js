'use strict';

// Fallback entry for Strapi versions that do not read the package's `./strapi-server` export.
module.exports = require('./dist/server');
