import * as vscode from 'vscode';
import type { PathMapping } from '../../core/codeMapping';

/** The settings every monitoring service shares (`devops.monitor.*`), read once per change. */
export interface MonitorSettings {
  /** Labels naming an alert's service, first present wins. */
  serviceLabels: string[];
  pathMappings: PathMapping[];
  /** Service → workspace folder name, or a path (absolute, or relative to the first folder). */
  serviceFolders: Record<string, string>;
  notifySeverity: string;
  mutedServices: string[];
  pollSeconds: number;
}

/** Settings whose change maps the services' signals to the workspace again. */
export const MAPPING_SETTINGS = ['devops.monitor.serviceLabel', 'devops.monitor.pathMappings', 'devops.monitor.serviceFolders'];

/** Reads `devops.monitor.*`. */
export function readMonitorSettings(): MonitorSettings {
  const config = vscode.workspace.getConfiguration('devops');
  const serviceLabel = (config.get<string>('monitor.serviceLabel') ?? 'service').trim() || 'service';
  return {
    serviceLabels: [...new Set([serviceLabel, 'job'])],
    pathMappings: (Array.isArray(config.get('monitor.pathMappings')) ? config.get<unknown[]>('monitor.pathMappings')! : []).filter(
      (m): m is PathMapping => isRecord(m) && typeof m.stackRoot === 'string' && typeof m.sourceRoot === 'string',
    ),
    serviceFolders: stringMap(config.get<unknown>('monitor.serviceFolders')),
    notifySeverity: config.get<string>('monitor.notifySeverity') ?? 'critical',
    mutedServices: stringList(config.get<unknown>('monitor.mutedServices')),
    pollSeconds: Math.min(3600, Math.max(10, config.get<number>('monitor.pollSeconds') ?? 30)),
  };
}

export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim()) : [];
}

function stringMap(value: unknown): Record<string, string> {
  const map: Record<string, string> = {};
  if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) if (typeof v === 'string' && v.trim()) map[k] = v.trim();
  }
  return map;
}

/**
 * A server-naming setting (`application` scope): the user's own value or the default, never a
 * workspace's, so a workspace (possibly untrusted) can never choose where a token goes.
 */
export function applicationSetting<T>(key: string): T | undefined {
  const inspected = vscode.workspace.getConfiguration('devops').inspect<T>(key);
  return inspected?.globalValue ?? inspected?.defaultValue;
}

/** A setting sent to such a server with the token: from the workspace too, but in Restricted Mode from the user's settings only. */
export function trustedSetting<T>(key: string, trusted: boolean = vscode.workspace.isTrusted): T | undefined {
  return trusted ? vscode.workspace.getConfiguration('devops').get<T>(key) : applicationSetting<T>(key);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
