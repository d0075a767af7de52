/**
 * Prometheus Alertmanager and Grafana alerting (same v2 API) as a pure source: instances, alerts as
 * signals, silences created and expired, the Monitor view's layout. Outside code imports it from here.
 */
export {
  AlertmanagerSource,
  validateInstances,
  type AlertmanagerInstanceConfig,
  type AlertmanagerSnapshot,
  type AlertmanagerSourceOptions,
} from './alertmanagerSource';
export {
  alertmanagerCredential,
  AlertmanagerConfigError,
  resolveEndpoint,
  type AlertmanagerKind,
  type Matcher,
  type ResolvedEndpoint,
} from './api';
export { ALERTMANAGER_PREFIX, alertmanagerLayout, describeAlert, isAlertmanagerSignal, latestSilence } from './layout';
export { mapAlert, mapAlerts, parseAlert, parseSilence, type SilenceSummary } from './mapping';
export { formatMatchersText, parseMatchersText } from './matcherText';
export { parseDuration, prefillMatchers, SilenceValidationError, type SilenceDraft } from './silence';
