const path = require('path');

module.exports = ({ env }) => ({
  'auto-illustration': {
    // Off only for the benchmark's "plugin disabled" runs.
    enabled: env.bool('AUTO_ILLUSTRATION_ENABLED', true),
    // The plugin is the repository root. Strapi loads it through its package.json exports (`./strapi-server`,
    // `./strapi-admin` in dist/), as it would from node_modules. An absolute path: Strapi would resolve a relative
    // one from its own folder first.
    resolve: path.resolve(__dirname, '..', '..'),
    config: {
      contentTypes: {
        'api::article.article': {
          // Startup tests set a wrong field name to check that Strapi refuses to boot.
          imageField: env('AUTO_ILLUSTRATION_ARTICLE_IMAGE_FIELD', 'cover'),
          titleField: 'title',
          textFields: ['description', 'body'],
        },
        'api::guide.guide': {
          imageField: 'heroImage',
          titleField: 'title',
          textFields: ['summary', 'intro', 'sections'],
        },
      },
      // Scale-out tests shorten the lease so a crashed instance's job is taken over quickly, and the idle poll so an
      // instance not woken by the publish (another process) takes its share of the work.
      worker: { leaseSeconds: env.int('AUTO_ILLUSTRATION_LEASE_SECONDS', 60), pollIntervalMs: env.int('AUTO_ILLUSTRATION_POLL_INTERVAL_MS', 2000) },
    },
  },
});
