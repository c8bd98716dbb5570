/**
 * A second Strapi instance of the playground for the budget race: it boots (its worker starts in bootstrap, like any
 * instance), prints READY, and on a line `RACE <count> <amount> <cap> <iso instant>` on stdin fires that many
 * reservations at once against a monthly cap, then prints `HELD <n>`. Shuts down cleanly on SIGTERM. Connection and
 * database come from the environment the test passes.
 */
import path from 'node:path';
import readline from 'node:readline';
import { createStrapi } from '@strapi/strapi';

const PLAYGROUND = path.resolve(__dirname, '..', '..', 'playground');

async function main() {
  const strapi = await createStrapi({ appDir: PLAYGROUND, distDir: PLAYGROUND }).load();
  const budget = strapi.plugin('auto-illustration').service('budget');
  process.on('SIGTERM', () => {
    void strapi.destroy().then(() => process.exit(0));
  });
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const [command, count, amount, cap, at] = line.trim().split(' ');
    if (command !== 'RACE') return;
    const attempts = Array.from({ length: Number(count) }, () => budget.reserve(Number(amount), { month: Number(cap) }, new Date(at)));
    void Promise.allSettled(attempts).then((results) => {
      const rejected = results.filter((result) => result.status === 'rejected') as PromiseRejectedResult[];
      const unexpected = rejected.find((result) => (result.reason as Error).name !== 'BudgetReached');
      if (unexpected) process.stdout.write(`ERROR ${(unexpected.reason as Error).message}\n`);
      process.stdout.write(`HELD ${results.length - rejected.length}\n`);
    });
  });
  process.stdout.write(`READY ${strapi.plugin('auto-illustration').service('worker').id}\n`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
