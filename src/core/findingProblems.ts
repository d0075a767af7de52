/**
 * From relocated findings to Problems entries (pure): the user's filter (tools, severities), and one
 * entry per place and message however many tools or CI services said it (two CI services running the
 * same linter report the same line twice).
 */
import { REVIEW_TOOL, type Finding, type FindingSeverity } from './finding';

/** A finding where it is in the working tree now (sources/git/findingLines `current` placements). */
export interface PlacedFinding {
  signalId: string;
  finding: Finding;
  line: number;
  endLine: number;
  url?: string;
}

export interface FindingFilter {
  /** Severities that reach Problems. */
  severities: readonly FindingSeverity[];
  /** Tools whose findings reach Problems (case-insensitive); empty means every tool. */
  tools: readonly string[];
}

export interface FindingProblem {
  path: string;
  line: number;
  endLine: number;
  severity: FindingSeverity;
  message: string;
  /** Every tool that said it, in the order first seen. */
  tools: string[];
  signalIds: string[];
  url?: string;
}

export function findingProblems(placed: Iterable<PlacedFinding>, filter: FindingFilter): FindingProblem[] {
  const tools = new Set(filter.tools.map((t) => t.toLowerCase()));
  const severities = new Set(filter.severities);
  const byKey = new Map<string, FindingProblem>();
  for (const p of placed) {
    const f = p.finding;
    if (f.tool === REVIEW_TOOL || !severities.has(f.severity) || (tools.size > 0 && !tools.has(f.tool.toLowerCase()))) continue;
    const key = `${f.path}\u0000${p.line}\u0000${p.endLine}\u0000${f.severity}\u0000${normalise(f.message)}`;
    const known = byKey.get(key);
    if (known) {
      if (!known.tools.includes(f.tool)) known.tools.push(f.tool);
      known.signalIds.push(p.signalId);
      known.url ??= p.url;
      continue;
    }
    const problem: FindingProblem = {
      path: f.path,
      line: p.line,
      endLine: p.endLine,
      severity: f.severity,
      message: f.message,
      tools: [f.tool],
      signalIds: [p.signalId],
    };
    if (p.url) problem.url = p.url;
    byKey.set(key, problem);
  }
  return [...byKey.values()];
}

/** Two services' words for the same finding differ at most in case and spacing. */
function normalise(message: string): string {
  const lower = message.trim().toLowerCase();
  return /\s\s|[\t\n\r]/.test(lower) ? lower.replace(/\s+/g, ' ') : lower;
}
