// `npx tsx prisma/seed-cli.ts` — seeds the database at DATABASE_URL.
import { loadConfigOrExit } from "../server/src/config.js";
import { createDb } from "../server/src/platform/db.js";
import { seed } from "./seed.js";

const config = loadConfigOrExit();
const db = createDb(config.DATABASE_URL, { max: 2 });
try {
  await seed(db, { log: (s) => console.log(`  seed: ${s}`) });
} finally {
  await db.$disconnect();
}
