import { Worker } from 'node:worker_threads';

export interface HealthSummary {
  requests: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * The prober, run on its own thread: the bench's main thread also serves the Scenario emulator (which encodes
 * images), and a busy emulator must not show up as a slow Strapi. It asks `GET /_health` every `everyMs` on a fixed
 * schedule, whether or not earlier answers came back, so a blocked event loop shows as many slow answers (not as
 * one slow answer and a gap in the samples).
 */
const PROBER = `
const { parentPort, workerData } = require('node:worker_threads');
const { Agent, request } = require('node:http');
const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
const latencies = [];
let failed = 0;
const inFlight = new Set();
const once = () => {
  const started = process.hrtime.bigint();
  const done = new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port: workerData.port, path: '/_health', agent, timeout: 120000 }, (res) => {
      res.resume();
      res.on('end', () => {
        latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
        if ((res.statusCode || 500) >= 400) failed++;
        resolve();
      });
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => {
      latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
      failed++;
      resolve();
    });
    req.end();
  });
  inFlight.add(done);
  done.then(() => inFlight.delete(done));
};
const timer = setInterval(once, workerData.everyMs);
parentPort.once('message', async () => {
  clearInterval(timer);
  await Promise.all([...inFlight]);
  agent.destroy();
  parentPort.postMessage({ latencies, failed });
});
`;

export function probeHealth(port: number, everyMs = 20): { stop(): Promise<HealthSummary> } {
  const worker = new Worker(PROBER, { eval: true, workerData: { port, everyMs } });
  return {
    async stop() {
      const result = new Promise<{ latencies: number[]; failed: number }>((resolve) => worker.once('message', resolve));
      worker.postMessage('stop');
      const { latencies, failed } = await result;
      await worker.terminate();
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
      return { requests: sorted.length, failed, p50Ms: at(50), p99Ms: at(99), maxMs: sorted[sorted.length - 1] ?? 0 };
    },
  };
}
