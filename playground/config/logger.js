const { winston, formats } = require('@strapi/logger');

// LOG_LEVEL (that level and every more severe one): warn keeps tests and benchmarks quiet; the demo and
// `strapi start` log as usual.
const level = process.env.LOG_LEVEL || 'http';

module.exports = {
  transports: [
    new winston.transports.Console({
      // The transport's level keeps that level and every more severe one (formats.levelFilter would keep that one
      // level alone: with "warn", the errors were dropped).
      level,
      format: formats.prettyPrint({ timestamps: 'YYYY-MM-DD HH:mm:ss.SSS' }),
    }),
  ],
};
