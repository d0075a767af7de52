/**
 * PagerDuty as signals. Who is on call: one `onCall` signal per escalation policy and level for the
 * person on call now (state `open`) and the next one (state `queued`), with until when. Incidents:
 * `incident` signals (triggered or acknowledged: state `open`, PagerDuty's word as the native one)
 * tagged `service:<name>`, the tag alerts of the same service carry, so the details link them, plus
 * urgency, assignees and who acknowledged.
 */
import { plainText } from '../../core/plainText';
import { signalId, tag, type Signal } from '../../core/signal';
import type { PdIncident, PdOncall } from './types';

export function pagerdutySourceId(key: string): string {
  return `pagerduty:${key}`;
}

const text = (v: unknown, max = 200) => (typeof v === 'string' ? plainText(v, max) : '');
const epoch = (v: string | null | undefined) => {
  const t = v ? Date.parse(v) : NaN;
  return Number.isFinite(t) ? t : undefined;
};

/** For each escalation policy and level: who is on call at `now`, and who comes next. */
export function mapOncalls(oncalls: readonly PdOncall[], sourceId: string, now: number): Signal[] {
  const groups = new Map<string, PdOncall[]>();
  for (const o of oncalls) {
    const policy = o.escalation_policy?.id;
    if (!policy || !o.user?.id) continue;
    const key = `${policy}/${o.escalation_level ?? 1}`;
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(o);
  }
  const out: Signal[] = [];
  for (const [key, list] of groups) {
    const sorted = [...list].sort((a, b) => (epoch(a.start) ?? -Infinity) - (epoch(b.start) ?? -Infinity));
    const current = sorted.filter((o) => (epoch(o.start) ?? -Infinity) <= now && now < (epoch(o.end) ?? Infinity));
    const upcoming = sorted.filter((o) => (epoch(o.start) ?? -Infinity) > now);
    const nextStart = epoch(upcoming[0]?.start);
    const next = upcoming.filter((o) => epoch(o.start) === nextStart);
    for (const [o, isNow] of [...current.map((o) => [o, true] as const), ...next.map((o) => [o, false] as const)]) {
      const user = text(o.user?.summary, 100) || String(o.user?.id);
      const policy = text(o.escalation_policy?.summary, 100) || String(o.escalation_policy?.id);
      const start = epoch(o.start);
      const end = epoch(o.end);
      out.push({
        id: signalId(sourceId, 'onCall', `${key}/${o.user?.id}/${o.start ?? 'always'}`),
        source: sourceId,
        kind: 'onCall',
        title: user,
        state: { normal: isNow ? 'open' : 'queued', native: isNow ? 'on call' : 'next' },
        ...(o.user?.html_url ? { url: o.user.html_url } : {}),
        author: user,
        createdAt: start ?? now,
        updatedAt: start ?? now,
        labels: [isNow ? 'oncall-now' : 'oncall-next'],
        tags: [tag('escalation-policy', policy), tag('escalation-level', o.escalation_level ?? 1)],
        anchors: {},
        detail: {
          pdOncall: true,
          now: isNow,
          policyId: o.escalation_policy?.id,
          policy,
          level: o.escalation_level ?? 1,
          schedule: o.schedule ? text(o.schedule.summary, 100) || null : null,
          start: start ?? null,
          end: end ?? null,
        },
      });
    }
  }
  return out;
}

export function mapIncident(incident: PdIncident, sourceId: string): Signal | undefined {
  if (!incident.id) return undefined;
  const status = text(incident.status, 40) || 'triggered';
  const service = text(incident.service?.summary ?? incident.service?.name, 100);
  const urgency = text(incident.urgency, 20) || 'high';
  const assignees = (incident.assignments ?? []).map((a) => text(a.assignee?.summary, 100)).filter(Boolean);
  const acknowledgers = (incident.acknowledgements ?? []).map((a) => text(a.acknowledger?.summary, 100)).filter(Boolean);
  const created = epoch(incident.created_at) ?? 0;
  const tags = [tag('urgency', urgency), tag('severity', urgency === 'high' ? 'critical' : 'warning')];
  if (service) tags.push(tag('service', service));
  if (incident.incident_key) tags.push(tag('dedup', text(incident.incident_key, 255)));
  return {
    id: signalId(sourceId, 'incident', incident.id),
    source: sourceId,
    kind: 'incident',
    title: text(incident.title ?? incident.summary, 300) || `Incident ${incident.id}`,
    state: { normal: status === 'resolved' ? 'resolved' : 'open', native: status },
    ...(incident.html_url ? { url: incident.html_url } : {}),
    ...(assignees[0] ? { author: assignees[0] } : {}),
    createdAt: created,
    updatedAt: epoch(incident.updated_at) ?? created,
    labels: [status, urgency],
    tags,
    anchors: {},
    detail: {
      pdIncident: true,
      incidentId: incident.id,
      number: incident.incident_number ?? null,
      status,
      urgency,
      service: service || null,
      serviceId: incident.service?.id ?? null,
      assignees,
      acknowledgedBy: acknowledgers,
      dedupKey: incident.incident_key ? text(incident.incident_key, 255) : null,
    },
  };
}
