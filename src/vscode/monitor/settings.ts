import * as vscode from 'vscode';
import type { PathMapping } from '../../core/codeMapping';
import { validateInstances, type AlertmanagerInstanceConfig } from '../../sources/alertmanager/alertmanagerSource';

/** The Monitor feature's settings, read once per change. */
export interface MonitorSettings {
  instances: AlertmanagerInstanceConfig[];
  /** Why configured instances were left out (bad URL, duplicate name...). */
  instanceProblems: string[];
  sentry?: { baseUrl: string; organization: string; projects: string[] };
  /** Labels naming an alert's service, first present wins. */
  serviceLabels: string[];
  pathMappings: PathMapping[];
  /** Service → workspace folder name, or a path (absolute, or relative to the first folder). */
  serviceFolders: Record<string, string>;
  notifySeverity: string;
  mutedServices: string[];
  pollSeconds: number;
}

/** Settings whose change rebuilds the sources. */
export const SOURCE_SETTINGS = [
  'devops.alertmanager', 'devops.sentry', 'devops.monitor.serviceLabel', 'devops.monitor.pathMappings', 'devops.monitor.serviceFolders',
];

/**
 * Reads the settings. Server URLs (`devops.alertmanager.instances`, `devops.sentry.url`) are
 * `application` scope: VS Code never takes them from workspace settings, and they are read here
 * from the user's settings only, so a token is never sent to a server a workspace chose. In
 * Restricted Mode the Sentry organization and projects (sent to that server along with the
 * token) also come from the user's settings only.
 */
export function readMonitorSettings(trusted: boolean = vscode.workspace.isTrusted): MonitorSettings {
  const config = vscode.workspace.getConfiguration('devops');
  const userOnly = <T>(key: string): T | undefined => {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  };
  const scoped = <T>(key: string): T | undefined => (trusted ? config.get<T>(key) : userOnly<T>(key));

  const { instances, problems } = validateInstances(userOnly<unknown>('alertmanager.instances') ?? []);
  const organization = (scoped<string>('sentry.organization') ?? '').trim();
  const sentryUrl = (userOnly<string>('sentry.url') ?? 'https://sentry.io').trim() || 'https://sentry.io';
  const serviceLabel = (config.get<string>('monitor.serviceLabel') ?? 'service').trim() || 'service';
  return {
    instances,
    instanceProblems: problems,
    sentry: organization
      ? { baseUrl: sentryUrl, organization, projects: stringList(scoped<unknown>('sentry.projects')) }
      : undefined,
    serviceLabels: [...new Set([serviceLabel, 'job'])],
    pathMappings: (Array.isArray(config.get('monitor.pathMappings')) ? config.get<unknown[]>('monitor.pathMappings')! : [])
      .filter((m): m is PathMapping => isRecord(m) && typeof m.stackRoot === 'string' && typeof m.sourceRoot === 'string'),
    serviceFolders: stringMap(config.get<unknown>('monitor.serviceFolders')),
    notifySeverity: config.get<string>('monitor.notifySeverity') ?? 'critical',
    mutedServices: stringList(config.get<unknown>('monitor.mutedServices')),
    pollSeconds: Math.min(3600, Math.max(10, config.get<number>('monitor.pollSeconds') ?? 30)),
  };
}

function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v.trim()) map[k] = v.trim();
  }
  return map;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
