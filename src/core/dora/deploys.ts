import { compareEnvironments, deployEventsFromSignals, type DeployEvent } from '../deployStatus';
import { tagValue, type Signal } from '../signal';

/**
 * Deploys as the metrics see them: every `deployment` signal of any source (the git journal, a
 * forge, a CD tool) with an environment, a commit and an outcome, plus what the dashboard filters by.
 * The event's `id` is the signal's id, so every number leads back to the signals behind it.
 */
export interface DoraDeploy extends DeployEvent {
  /** The `service:` tag when the source names one, else the repository identity. */
  service: string;
  repo: string;
  title: string;
}

export function doraDeploys(signals: readonly Signal[]): DoraDeploy[] {
  const byId = new Map(signals.map((s) => [s.id, s]));
  return deployEventsFromSignals(signals)
    .map((event) => {
      const signal = byId.get(event.id) as Signal;
      return { ...event, service: serviceOf(signal), repo: signal.anchors.repo ?? '', title: signal.title };
    })
    .sort((a, b) => a.at - b.at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** What a signal is about, for the per-service filter: its `service:` tag, else its repository. */
export function serviceOf(signal: Signal): string {
  return tagValue(signal, 'service') ?? signal.anchors.repo ?? '';
}

/** Environments that have deploys, production-like first (the order of the Deploy view). */
export function environmentsOf(deploys: readonly DoraDeploy[]): string[] {
  return [...new Set(deploys.map((d) => d.environment))]
    .map((environment) => ({ environment }))
    .sort(compareEnvironments)
    .map((e) => e.environment);
}

/**
 * The environment shown when the user has not chosen one: the preferred one (setting, default
 * `production`) when it has deploys, else the most production-like one that has, else the preferred.
 */
export function pickEnvironment(deploys: readonly DoraDeploy[], preferred: string, chosen?: string): string {
  if (chosen) return chosen;
  const environments = environmentsOf(deploys);
  return environments.includes(preferred) ? preferred : (environments[0] ?? preferred);
}

export function servicesOf(deploys: readonly DoraDeploy[]): string[] {
  return [...new Set(deploys.map((d) => d.service).filter((s) => s !== ''))].sort();
}

export function isSuccess(deploy: DeployEvent): boolean {
  return deploy.status === 'success';
}
