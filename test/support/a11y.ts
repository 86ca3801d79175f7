// WCAG 2.1 A/AA checks with axe-core, for browser tests: serious and critical findings.
import { createRequire } from "node:module";
import type { Page } from "playwright-core";

const require = createRequire(import.meta.url);
const AXE_PATH = require.resolve("axe-core/axe.min.js");

export interface Finding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/**
 * Reviewed and kept: a home tile's accessible name is its visible title (the label a
 * speech-input user says) and its subtitle is the description (aria-describedby). WCAG 2.5.3
 * asks that the name contain the label, which it does; axe counts the subtitle as label text.
 */
const ACCEPTED = (rule: string, node: string) =>
  rule === "label-content-name-mismatch" && /^\.tile--/.test(node);

/** The serious and critical WCAG 2.1 A/AA findings on the page as it is now (none: []). */
export async function audit(page: Page): Promise<Finding[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const found = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (o: unknown) => Promise<{ violations: unknown[] }> } })
      .axe;
    const r = await axe.run({
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return r.violations as {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  });
  return found
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).filter((node) => !ACCEPTED(v.id, node)),
    }))
    .filter((v) => v.nodes.length > 0);
}
