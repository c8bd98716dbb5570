import { Agent, request } from 'node:http';

export interface HealthSummary {
  requests: number;
  failed: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
}

/**
 * Asks `GET /_health` every `everyMs` on a fixed schedule, whether or not earlier answers came back, so a blocked
 * event loop shows as many slow answers (not as one slow answer and a gap in the samples).
 */
export function probeHealth(port: number, everyMs = 20): { stop(): Promise<HealthSummary> } {
  const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  let failed = 0;
  const inFlight = new Set<Promise<void>>();
  const once = () => {
    const started = process.hrtime.bigint();
    const done = new Promise<void>((resolve) => {
      const req = request({ host: '127.0.0.1', port, path: '/_health', agent, timeout: 120000 }, (res) => {
        res.resume();
        res.on('end', () => {
          latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
          if ((res.statusCode ?? 500) >= 400) failed++;
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
    void done.then(() => inFlight.delete(done));
  };
  const timer = setInterval(once, everyMs);
  return {
    async stop() {
      clearInterval(timer);
      await Promise.all([...inFlight]);
      agent.destroy();
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] : 0);
      return { requests: sorted.length, failed, p50Ms: at(50), p99Ms: at(99), maxMs: sorted[sorted.length - 1] ?? 0 };
    },
  };
}
