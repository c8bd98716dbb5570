/**
 * A second Strapi instance of the playground, in its own process, for the scale-out tests: it boots (its worker
 * starts in bootstrap), prints READY, and shuts down cleanly on SIGTERM (or dies on SIGKILL, as a crash would).
 * Connection and database come from the environment the test passes.
 */
import path from 'node:path';
import { createStrapi } from '@strapi/strapi';

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

async function main() {
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  process.on('SIGTERM', () => {
    void strapi.destroy().then(() => process.exit(0));
  });
  process.stdout.write(`READY ${strapi.plugin('auto-illustration').service('worker').id}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
