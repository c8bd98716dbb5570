module.exports = ({ env }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  app: { keys: env.array('APP_KEYS', ['playground-key-1', 'playground-key-2']) },
  // Tests and benchmarks boot this app many times: no update check, and the startup banner only when asked for.
  logger: {
    updates: { enabled: false },
    startup: { enabled: env.bool('STRAPI_STARTUP_BANNER', process.env.LOG_LEVEL !== 'error') },
  },
});
