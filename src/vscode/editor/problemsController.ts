import * as vscode from 'vscode';
import { coalesce } from '../../core/coalesce';
import { SignalHub } from '../../core/hub';
import { MutedProblems, ProblemEntry, problemFor } from '../../core/monitorProblems';
import { problemsSource } from '../../core/problemsSource';
import type { IncidentLines } from './incidentLines';
import { Signal } from '../../core/signal';

const KINDS = new Set(['incident', 'alert', 'error']);
const SEVERITY: Record<ProblemEntry['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};
/** The entries say "2 hours ago": rebuilt this often so they do not grow old while nothing changes. */
const AGE_REFRESH_MS = 60_000;

/**
 * Problems-panel entries for open incidents, alerts and production errors that point at workspace
 * code, for every file (not only open ones). Rebuilt from the hub when such a signal changes.
 */
export class ProblemsController implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('devops');
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly ageTimer: ReturnType<typeof setInterval>;

  constructor(
    private readonly hub: SignalHub,
    /** The Problems panel's source for a signal, from its service (its `problemsLabel`). */
    private readonly sourceLabel: (signal: Signal) => string,
    /** The workspace folder of a signal's `anchors.repo` (an identity), if it is in the workspace. */
    private readonly rootOf: (repo: string | undefined) => string | undefined,
    /** Incidents at their lines now (editor/incidentLines). */
    private readonly incidents?: Pick<IncidentLines, 'place' | 'onDidChange'>,
  ) {
    this.subscriptions.push(
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => KINDS.has(s.kind))) this.schedule();
      }),
      ...(incidents ? [incidents.onDidChange(() => this.schedule())] : []),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('devops.monitor.silencedInProblems')) this.schedule();
      }),
    );
    this.ageTimer = setInterval(() => {
      if (vscode.window.state.focused) this.schedule();
    }, AGE_REFRESH_MS);
    this.schedule();
  }

  /** The diagnostics currently shown for a file (for tests and the bench). */
  get(uri: vscode.Uri): readonly vscode.Diagnostic[] {
    return this.collection.get(uri) ?? [];
  }

  update(): void {
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    const options = { now: Date.now(), muted: mutedSetting() };
    for (const kind of KINDS) {
      for (const reported of this.hub.query({ kind: kind as Signal['kind'] })) {
        const { signal, outdated } = this.incidents?.place(reported) ?? { signal: reported, outdated: false };
        const entry = problemFor(signal, options);
        if (entry && outdated) {
          // Still open, but the code it was reported on changed: said where it was, no longer as a live problem there.
          entry.severity = 'information';
          entry.message += ' — outdated: these lines changed since it was reported';
        }
        const uri = entry && this.fileUri(signal, entry.path);
        if (!entry || !uri) continue;
        const diagnostic = new vscode.Diagnostic(rangeOf(entry), entry.message, SEVERITY[entry.severity]);
        diagnostic.source = problemsSource(this.sourceLabel(signal));
        // A code only as a link to the signal's page: "incident(incident)" says nothing twice.
        if (signal.url && /^https?:/.test(signal.url)) diagnostic.code = { value: signal.kind, target: vscode.Uri.parse(signal.url, true) };
        diagnostic.relatedInformation = entry.related
          .map((r) => {
            const relatedUri = this.fileUri(signal, r.path);
            return (
              relatedUri && new vscode.DiagnosticRelatedInformation(new vscode.Location(relatedUri, rangeOf(r)), 'also in the stack trace')
            );
          })
          .filter((x): x is vscode.DiagnosticRelatedInformation => !!x);
        const key = uri.toString();
        let file = byFile.get(key);
        if (!file) byFile.set(key, (file = { uri, diagnostics: [] }));
        file.diagnostics.push(diagnostic);
      }
    }
    this.collection.clear();
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
  }

  dispose(): void {
    clearInterval(this.ageTimer);
    for (const d of this.subscriptions) d.dispose();
    this.collection.dispose();
  }

  private readonly schedule = coalesce(() => this.update());

  /** Anchors are relative to the repository `anchors.repo` names, else to the first workspace folder. */
  private fileUri(signal: Signal, relative: string): vscode.Uri | undefined {
    if (relative.startsWith('/') || relative.split('/').includes('..')) return undefined;
    const root = this.rootOf(signal.anchors.repo);
    const base = root ? vscode.Uri.file(root) : vscode.workspace.workspaceFolders?.[0]?.uri;
    return base && vscode.Uri.joinPath(base, ...relative.split('/'));
  }
}

function mutedSetting(): MutedProblems {
  return vscode.workspace.getConfiguration('devops').get<string>('monitor.silencedInProblems') === 'hide' ? 'hide' : 'hint';
}

function rangeOf(location: { line: number; endLine?: number }): vscode.Range {
  const start = Math.max(0, location.line - 1);
  const end = Math.max(start, (location.endLine ?? location.line) - 1);
  return new vscode.Range(start, 0, end, Number.MAX_SAFE_INTEGER);
}
