// Small shared pieces of the simulators: listening, JSON errors, an in-memory clock.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Express } from "express";

export interface RunningSim {
  url: string;
  port: number;
  close(): Promise<void>;
}

export function listen(app: Express, port: number, host = "127.0.0.1"): Promise<RunningSim> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once("error", reject);
    server.once("listening", () => {
      const p = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${p}`,
        port: p,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections();
          }),
      });
    });
  });
}

/** A clock the control API can shift, to test windows and expiries without waiting. */
export class SimClock {
  offsetMs = 0;
  now(): number {
    return Date.now() + this.offsetMs;
  }
}

/** Text for the simulators' own HTML pages (payment page, OA permission page). */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
