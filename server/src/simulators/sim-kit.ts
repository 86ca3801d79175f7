// Small shared pieces of the simulators: listening, JSON errors, an in-memory clock.
import type { AddressInfo } from "node:net";
import type { Server } from "node:http";
import type { Express } from "express";

export interface RunningSim {
  url: string;
  port: number;
  close(): Promise<void>;
  /** Stops listening, as in a real outage (connections refused), keeping the store. */
  pause(): Promise<void>;
  /** Listens again on the same port after pause(). */
  resume(): Promise<void>;
}

function start(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server: Server = app.listen(port, host);
    server.once("error", reject);
    server.once("listening", () => resolve(server));
  });
}

const stop = (server: Server) =>
  new Promise<void>((r) => {
    server.close(() => r());
    server.closeAllConnections();
  });

export async function listen(app: Express, port: number, host = "127.0.0.1"): Promise<RunningSim> {
  let server = await start(app, port, host);
  const p = (server.address() as AddressInfo).port;
  let listening = true;
  return {
    url: `http://${host}:${p}`,
    port: p,
    close: async () => {
      if (listening) await stop(server);
      listening = false;
    },
    pause: async () => {
      if (listening) await stop(server);
      listening = false;
    },
    resume: async () => {
      if (listening) return;
      server = await start(app, p, host);
      listening = true;
    },
  };
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
