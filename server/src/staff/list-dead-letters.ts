import type { AppContext } from "../platform/context.js";
import { toDeadLetterView } from "./staff.mapper.js";

/** Jobs that exhausted their attempts, newest first; retried ones stay listed as history. */
export async function listDeadLetters(
  ctx: AppContext,
  input: { limit: number; cursor?: string | undefined },
) {
  const rows = await ctx.db.jobDeadLetter.findMany({
    where: input.cursor ? { id: { lt: BigInt(input.cursor) } } : {},
    orderBy: { id: "desc" },
    take: input.limit + 1,
  });
  const page = rows.slice(0, input.limit);
  return {
    deadLetters: page.map(toDeadLetterView),
    nextCursor: rows.length > input.limit ? String(page[page.length - 1]!.id) : null,
  };
}
