import { hash, verify } from "@node-rs/argon2";

// argon2id (algorithm 2) with the library's defaults (19 MiB, t=2): OWASP's baseline.
export const hashPassword = (password: string) => hash(password, { algorithm: 2 });

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

// Verified against when the username is unknown, so both failures take the same time.
let dummy: Promise<string> | undefined;
export const dummyHash = () => (dummy ??= hashPassword("not-a-real-password-0"));
