import * as vscode from 'vscode';
import { coalesce } from '../../core/coalesce';
import { FINDING_SEVERITIES, REVIEW_TOOL, type FindingSeverity } from '../../core/finding';
import { type FindingFilter, type FindingProblem, type PlacedFinding, findingProblems } from '../../core/findingProblems';
import type { SignalHub } from '../../core/hub';
import { isRepositoryPath } from '../../core/reviewThread';
import { problemsSource } from '../../core/problemsSource';
import type { Signal } from '../../core/signal';
import { locateFindings } from '../../sources/git';
import { Emitter } from '../../core/events';
import type { GitWorkspace, WorkspaceRepository } from '../git/gitWorkspace';

const SEVERITY: Record<FindingSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};
const OPEN_PULL_REQUEST_STATES = new Set(['open', 'draft']);

/**
 * What CI and other tools said about the workspace's lines (core/finding), where those lines are now:
 * each repository's findings are relocated from the commit the tool looked at to the saved working
 * tree (sources/git/findingLines), then filtered and merged (core/findingProblems) into the Problems
 * panel. Only findings about commits HEAD contains, or about the head of HEAD's open pull request,
 * are shown; a service replaces a superseded run's findings, so they leave with it. The editor's
 * hover and gutter read the same placements (`placedIn`).
 */
export class FindingsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('devops-findings');
  private placed = new Map<string, PlacedFinding[]>();
  private readonly changed = new Emitter<void>();
  /** Fires once new placements are in and differ from the last. */
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly hub: SignalHub,
    private readonly git: GitWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      this.collection,
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'finding' || s.kind === 'pullRequest')) this.schedule();
      }),
      git.onDidRefresh(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devops.findings')) this.schedule();
      }),
    );
    this.schedule();
  }

  /** The diagnostics shown for a file (for tests and the bench). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  /** Findings placed in one file of a repository (every tool and severity: the hover shows them all). */
  placedIn(r: WorkspaceRepository, path: string): PlacedFinding[] {
    return (this.placed.get(r.repo.root) ?? []).filter((p) => p.finding.path === path);
  }

  /** Resolves once the placements asked for so far are computed. */
  settled(): Promise<void> {
    return this.running;
  }

  /** Recomputes every repository's placements and the Problems entries. */
  update(): Promise<void> {
    const run = () =>
      this.compute().catch((err: unknown) => this.log.warn(`Findings: ${err instanceof Error ? err.message : String(err)}`));
    this.running = this.running.then(run, run);
    return this.running;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    this.changed.dispose();
  }

  private readonly schedule = coalesce(() => void this.update());

  private async compute(): Promise<void> {
    const config = vscode.workspace.getConfiguration('devops.findings');
    const enabled = config.get<boolean>('enabled', true);
    const filter: FindingFilter = {
      severities: config
        .get<string[]>('severities', ['error', 'warning'])
        .filter((s): s is FindingSeverity => FINDING_SEVERITIES.includes(s as FindingSeverity)),
      tools: config.get<string[]>('tools', []).filter((t) => typeof t === 'string'),
    };
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    // Built aside and swapped in whole: a lens computed meanwhile reads the last placements, never a half-built set.
    const placements = new Map<string, PlacedFinding[]>();
    for (const r of enabled ? this.git.all() : []) {
      const placed = await this.placeIn(r);
      placements.set(r.repo.root, placed);
      for (const problem of findingProblems(placed, filter)) {
        const uri = fileUri(r.repo.root, problem.path);
        if (!uri) continue;
        let file = byFile.get(uri.toString());
        if (!file) byFile.set(uri.toString(), (file = { uri, diagnostics: [] }));
        file.diagnostics.push(diagnosticOf(problem));
      }
    }
    this.collection.clear();
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
    const before = placementsKey(this.placed);
    this.placed = placements;
    // Only when a finding moved, came or went: each change redraws every editor's lenses.
    if (placementsKey(placements) !== before) this.changed.fire();
  }

  private async placeIn(r: WorkspaceRepository): Promise<PlacedFinding[]> {
    const identities = this.git.identitiesOf(r);
    // Review threads have their own place next to the code (editor/reviewThreadsController, the Comments API).
    const findings = this.hub.query({ kind: 'finding', repo: identities }).filter((s) => !s.tags.includes(`tool:${REVIEW_TOOL}`));
    if (findings.length === 0) return [];
    const branch = await r.repo.currentBranch();
    const pullRequestHeads = branch
      ? this.hub
          .query({ kind: 'pullRequest', repo: identities, branch })
          .filter((pr) => OPEN_PULL_REQUEST_STATES.has(pr.state.normal))
          .flatMap((pr) => pr.anchors.commits ?? [])
      : [];
    const placements = await locateFindings(r.repo, findings, { alsoCommits: pullRequestHeads });
    const counts = { current: 0, outdated: 0, elsewhere: 0 };
    const placed: PlacedFinding[] = [];
    for (const p of placements) {
      counts[p.status]++;
      if (p.status === 'current')
        placed.push({ signalId: p.signal.id, finding: p.finding, line: p.line, endLine: p.endLine, ...urlOf(p.signal) });
    }
    this.log.debug(
      `Findings in ${r.repo.root}: ${counts.current} shown, ${counts.outdated} outdated, ${counts.elsewhere} about commits HEAD does not contain`,
    );
    return placed;
  }
}

/** Where every finding is placed, as one string: equal when no finding moved, came or went. */
function placementsKey(placed: ReadonlyMap<string, readonly PlacedFinding[]>): string {
  return [...placed].flatMap(([root, list]) => list.map((p) => `${root}\u0000${p.signalId}:${p.line}-${p.endLine}`)).join('\n');
}

function diagnosticOf(problem: FindingProblem): vscode.Diagnostic {
  const start = Math.max(0, problem.line - 1);
  const range = new vscode.Range(start, 0, Math.max(start, problem.endLine - 1), Number.MAX_SAFE_INTEGER);
  const diagnostic = new vscode.Diagnostic(range, problem.message, SEVERITY[problem.severity]);
  diagnostic.source = problemsSource(problem.tools.join(', '));
  diagnostic.code = problem.url ? { value: 'finding', target: vscode.Uri.parse(problem.url, true) } : 'finding';
  return diagnostic;
}

function urlOf(signal: Signal): { url?: string } {
  return signal.url && /^https?:\/\//i.test(signal.url) ? { url: signal.url } : {};
}

/** A repository-relative path from a server, inside the repository only. */
function fileUri(root: string, relative: string): vscode.Uri | undefined {
  return isRepositoryPath(relative) ? vscode.Uri.joinPath(vscode.Uri.file(root), ...relative.split('/')) : undefined;
}
