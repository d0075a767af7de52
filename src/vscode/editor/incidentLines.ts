import * as vscode from 'vscode';
import { coalesce } from '../../core/coalesce';
import { Emitter } from '../../core/events';
import type { SignalHub } from '../../core/hub';
import type { Placement } from '../../core/lineMap';
import type { Signal } from '../../core/signal';
import { placeCommitLines } from '../../sources/git';
import type { GitWorkspace } from '../git/gitWorkspace';

/** An incident as the editor shows it: at its lines now, or outdated when the code it was reported on is gone. */
export interface PlacedIncident {
  signal: Signal;
  outdated: boolean;
}

/**
 * Open incidents reported on lines of a commit, followed to where those lines are in the saved working tree (the
 * same diff arithmetic as CI findings, core/lineMap): lines added above move them down; an incident whose lines
 * changed or were deleted is outdated. Recomputed when incidents change, git moves, or a file is saved.
 */
export class IncidentLines implements vscode.Disposable {
  /** Per incident id; incidents not listed are shown as reported (no commit, or a commit this clone lacks). */
  private placements = new Map<string, Placement>();
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly disposables: vscode.Disposable[] = [];
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly hub: SignalHub,
    private readonly git: GitWorkspace,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.disposables.push(
      hub.onDidChange((c) => {
        if ([...c.added, ...c.updated, ...c.removed].some((s) => s.kind === 'incident')) this.schedule();
      }),
      git.onDidRefresh(() => this.schedule()),
      vscode.workspace.onDidSaveTextDocument(() => this.schedule()),
    );
    this.schedule();
  }

  /** The incident with its file anchor at its lines now; signals of other kinds as they are. */
  place(signal: Signal): PlacedIncident {
    const placement = signal.kind === 'incident' ? this.placements.get(signal.id) : undefined;
    if (placement === undefined) return { signal, outdated: false };
    if (placement === null) return { signal, outdated: true };
    const [first, ...rest] = signal.anchors.files ?? [];
    const files = first ? [{ ...first, line: placement.line, endLine: placement.endLine }, ...rest] : [];
    return { signal: { ...signal, anchors: { ...signal.anchors, files } }, outdated: false };
  }

  /** Resolves once the placements asked for so far are in. */
  settled(): Promise<void> {
    return this.running;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
    this.changed.dispose();
  }

  private readonly schedule = coalesce(() => {
    const run = () =>
      this.compute().catch((err: unknown) => this.log.warn(`Incident lines: ${err instanceof Error ? err.message : String(err)}`));
    this.running = this.running.then(run, run);
  });

  private async compute(): Promise<void> {
    const placements = new Map<string, Placement>();
    for (const r of this.git.all()) {
      const anchors = this.hub
        .query({ kind: 'incident', repo: this.git.identitiesOf(r) })
        .filter((s) => s.state.normal !== 'resolved')
        .flatMap((s) => {
          const file = s.anchors.files?.[0];
          return file?.commit && file.line
            ? [{ id: s.id, lines: { commit: file.commit, path: file.path, line: file.line, endLine: file.endLine } }]
            : [];
        });
      if (anchors.length === 0) continue;
      for (const [id, placement] of await placeCommitLines(r.repo, anchors)) placements.set(id, placement);
    }
    const before = this.placements;
    this.placements = placements;
    if (!samePlacements(before, placements)) this.changed.fire();
  }
}

function samePlacements(a: ReadonlyMap<string, Placement>, b: ReadonlyMap<string, Placement>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, p] of a) {
    const q = b.get(id);
    if (q === undefined || (p === null) !== (q === null) || (p && q && (p.line !== q.line || p.endLine !== q.endLine))) return false;
  }
  return true;
}
