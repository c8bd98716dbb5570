/**
 * Part of the local test rig next to the Scenario emulator (a TEST FIXTURE and demo aid): the tests and benches start
 * Strapi and PostgreSQL on ports of their own, found here.
 */
import { createServer } from 'node:net';

/** A TCP port of 127.0.0.1 that nothing listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
