import { AlertNoiseFilter } from '../../core/alertNoise';
import { oneLine } from '../../core/format';
import { Signal, tagValue } from '../../core/signal';
import { notify } from '../notify';

// More new alerts than this in one refresh make one summary notification, not a burst.
const MAX_SEPARATE = 3;

export interface NotifierActions {
  showDetails(signalId: string): Promise<void>;
  muteService(service: string): Promise<void>;
  showMonitor(): Promise<void>;
}

/**
 * Noise control: a notification only for alerts that start firing while the window is
 * open, at or above `devops.monitor.notifySeverity`, once per alert, never for a muted service and
 * never for what was there before (each instance's first successful refresh, and the snapshot of
 * the last session, are the baseline). The decisions are AlertNoiseFilter's (core).
 */
export class AlertNotifier {
  readonly filter: AlertNoiseFilter;

  constructor(
    threshold: string,
    muted: readonly string[],
    private readonly actions: NotifierActions,
  ) {
    this.filter = new AlertNoiseFilter({ threshold, mutedServices: muted });
  }

  /** Threshold and muted services from the settings (muting from a notification writes the setting). */
  configure(threshold: string, muted: readonly string[]): void {
    this.filter.setThreshold(threshold);
    for (const service of this.filter.mutedServices()) if (!muted.includes(service)) this.filter.unmute(service);
    for (const service of muted) this.filter.mute(service);
  }

  /** Alerts restored from the last session's snapshot never notify. */
  markSeen(signals: readonly Signal[]): void {
    this.filter.markSeen(signals.filter((s) => s.kind === 'alert').map((s) => s.id));
  }

  observe(sourceId: string, signals: readonly Signal[]): Signal[] {
    const fresh = this.filter.observeSignals(sourceId, signals);
    if (fresh.length > MAX_SEPARATE) {
      void notify(
        'warning',
        `DevOps: ${fresh.length} new alerts firing (${sourceId.slice(sourceId.indexOf(':') + 1)}).`,
        'Show Monitor',
      ).then((choice) => (choice ? this.actions.showMonitor() : undefined));
    } else {
      for (const alert of fresh) this.show(alert);
    }
    return fresh;
  }

  private show(alert: Signal): void {
    const severity = tagValue(alert, 'severity') ?? 'alert';
    const service = tagValue(alert, 'service');
    const choices = service ? ['Show Details', 'Mute for this service'] : ['Show Details'];
    const text = `DevOps: ${severity} alert firing${service ? ` for ${oneLine(service, 40)}` : ''}: ${oneLine(alert.title, 160)}`;
    void notify('warning', text, ...choices).then(async (choice) => {
      if (choice === 'Show Details') await this.actions.showDetails(alert.id);
      else if (choice === 'Mute for this service' && service) await this.actions.muteService(service);
    });
  }
}
