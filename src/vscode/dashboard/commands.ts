import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DashboardChoice } from '../../core/dashboard/protocol';
import { reportCsv, reportJson } from '../../core/dora/exportMetrics';
import type { SignalHub } from '../../core/hub';
import type { GitWorkspace } from '../git/gitWorkspace';
import { registerGuardedCommand } from '../guardedCommand';
import { notify } from '../notify';
import type { Prompter } from '../prompter';
import { dashboardReport } from './dashboardReport';
import type { Dashboard } from './dashboardPanel';

/**
 * `DevOps: Open Dashboard` and `DevOps: Export Metrics…`. The export writes the chosen file as JSON
 * and a `.csv` of the same name next to it: the numbers and every event behind them, so a team can
 * check them against its own tools.
 */
export function dashboardCommands(
  dashboard: () => Dashboard,
  deps: { hub: SignalHub; git: GitWorkspace; log: vscode.LogOutputChannel; prompter: () => Prompter },
): vscode.Disposable[] {
  return [
    registerGuardedCommand('devops.openDashboard', () => dashboard().open(), deps.log),
    registerGuardedCommand('devops.exportMetrics', () => exportMetrics(deps, dashboard().currentChoice), deps.log),
  ];
}

export async function exportMetrics(
  deps: { hub: SignalHub; git: GitWorkspace; prompter: () => Prompter },
  choice: DashboardChoice,
): Promise<vscode.Uri | undefined> {
  const report = await dashboardReport(deps.hub, deps.git, choice);
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const name = `dora-${report.environment.replace(/[^A-Za-z0-9._-]+/g, '-')}-${report.window.days}d.json`;
  const ask = deps.prompter();
  const options: vscode.SaveDialogOptions = {
    title: 'Export Metrics (JSON, and CSV next to it)',
    ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}),
    filters: { JSON: ['json'] },
    saveLabel: 'Export',
  };
  const target = await (ask.saveFile ? ask.saveFile(options) : vscode.window.showSaveDialog(options));
  if (!target) return undefined;
  const json = target.path.endsWith('.json') ? target : target.with({ path: `${target.path}.json` });
  const csv = json.with({ path: json.path.replace(/\.json$/, '.csv') });
  const encoder = new TextEncoder();
  await vscode.workspace.fs.writeFile(json, encoder.encode(reportJson(report)));
  await vscode.workspace.fs.writeFile(csv, encoder.encode(reportCsv(report)));
  void notify('info', `DevOps: metrics exported to ${path.basename(json.path)} and ${path.basename(csv.path)}.`);
  return json;
}
