// An open-loop load generator: request i is due at start + i / rate, sent when due whatever
// happened to the ones before, and its latency counted FROM WHEN IT WAS DUE (so a server that
// falls behind is charged for the wait: no coordinated omission). autocannon's `overallRate`
// is not this: each connection sends its share of a second back to back as the second
// starts and then idles, so the server sees bursts of all connections at once, and its
// coordinated-omission correction then adds synthetic samples for every response over 1 ms.
import http from "node:http";

export interface OpenLoopResult {
  sent: number;
  ok: number;
  errors: number;
  achievedRps: number;
  p50: number;
  p99: number;
  max: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : 0;

export async function openLoop(opts: {
  origin: string;
  rate: number;
  seconds: number;
  path: (i: number) => string;
  onResponse?: (status: number, body: string) => void;
}): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const total = Math.round(opts.rate * opts.seconds);
  const latencies: number[] = [];
  let ok = 0;
  let errors = 0;
  const inFlight: Promise<void>[] = [];
  const start = performance.now() + 50;
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / opts.rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      new Promise<void>((resolve) => {
        const req = http.get(`${opts.origin}${opts.path(i)}`, { agent }, (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (c: string) => (body += c));
          res.on("end", () => {
            latencies.push(performance.now() - due);
            if (res.statusCode && res.statusCode < 400) ok++;
            else errors++;
            opts.onResponse?.(res.statusCode ?? 0, body);
            resolve();
          });
        });
        req.on("error", () => {
          errors++;
          resolve();
        });
      }),
    );
  }
  await Promise.all(inFlight);
  const elapsed = (performance.now() - start) / 1000;
  agent.destroy();
  const sorted = latencies.sort((a, b) => a - b);
  const round = (n: number) => Number(n.toFixed(1));
  return {
    sent: total,
    ok,
    errors,
    achievedRps: Math.round(total / elapsed),
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted.at(-1) ?? 0),
  };
}
