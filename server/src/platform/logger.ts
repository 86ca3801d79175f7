import { pino, type Logger } from "pino";

// Personal data is never logged: these paths are removed wherever they appear.
const REDACT = [
  "req.headers.authorization",
  "req.headers.cookie",
  "req.headers.access_token",
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  "*.phone",
  "*.password",
  "*.accessToken",
  "*.refreshToken",
  "*.token",
  "*.idNumber",
  "*.citizenIdNumber",
  "*.lat",
  "*.lon",
  "*.latitude",
  "*.longitude",
  "*.address",
];

export function createLogger(level: string, name: string): Logger {
  return pino({
    name,
    level,
    redact: { paths: REDACT, censor: "[redacted]" },
    base: { pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
  });
}

export type { Logger };
