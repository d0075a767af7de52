/**
 * The PagerDuty source's public surface (pure). The VS Code layer builds the REST credential with
 * `pagerDutyCredential` from the key in SecretStorage (bound to the region's API origin), creates one
 * `PagerDutySource` with the chosen escalation policies and services, adds `pagerdutyMonitorLayout`
 * to the Monitor view, and calls acknowledge / resolve / sendEvent on the source.
 */
export { pagerDutyCredential, pdMessage, PagerDutyApi, SERVICE as PAGERDUTY_SERVICE, type EventInput } from './api';
export { incidentDescription, oncallDescription, pagerdutyMonitorLayout } from './layout';
export { mapIncident, mapOncalls, pagerdutySourceId } from './mapping';
export { PagerDutySource, type PagerDutySourceOptions } from './pagerdutySource';
export { pagerDutyEndpoints, type PagerDutyEndpoints, type PagerDutyRegion } from './region';
export type { PdIncident, PdOncall } from './types';
