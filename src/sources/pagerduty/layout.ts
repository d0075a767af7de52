/**
 * How the Monitor view shows PagerDuty (pure): "On call" with one group per escalation policy
 * (level 1 first), each person on call now (`until Tue 09:00`) and next (`from Tue 09:00`), then
 * "PagerDuty incidents", triggered before acknowledged, newest first (`high · checkout · Ada`).
 */
import type { LayoutHelpers, TreeNode, ViewLayout } from '../../core/phaseTree';
import type { Signal } from '../../core/signal';

export function pagerdutyMonitorLayout(clock: (epochMs: number) => string = isoMinute): ViewLayout {
  return {
    claims: (s) => s.source.startsWith('pagerduty:') && (s.kind === 'onCall' || s.kind === 'incident'),
    build: (signals, h) => build(signals, h, clock),
  };
}

function isoMinute(ms: number): string {
  return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function build(signals: readonly Signal[], h: LayoutHelpers, clock: (ms: number) => string): TreeNode[] {
  const out: TreeNode[] = [];
  const oncalls = signals.filter((s) => s.kind === 'onCall');
  if (oncalls.length) {
    const byPolicy = new Map<string, Signal[]>();
    for (const s of oncalls) {
      const policy = String(s.detail?.policy ?? '?');
      let list = byPolicy.get(policy);
      if (!list) byPolicy.set(policy, (list = []));
      list.push(s);
    }
    const groups = [...byPolicy]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([policy, list]) => {
        const id = `pagerduty/oncall/${policy}`;
        const rows = [...list]
          .sort(
            (a, b) =>
              Number(a.detail?.level) - Number(b.detail?.level) ||
              Number(b.detail?.now) - Number(a.detail?.now) ||
              a.createdAt - b.createdAt,
          )
          .map((s) => ({ ...h.node(s), id: `${id}/${s.id}`, description: oncallDescription(s, clock) }));
        const now = list.filter((s) => s.detail?.now === true).map((s) => s.title);
        return h.group(id, policy, 'escalationPolicy', rows, now.length ? `now: ${now.join(', ')}` : 'nobody on call now');
      });
    out.push({ ...h.group('pagerduty/oncall', 'On call', 'onCall', groups), icon: 'person' });
  }
  const incidents = signals.filter((s) => s.kind === 'incident');
  if (incidents.length) {
    const rank = (s: Signal) => (s.state.native === 'triggered' ? 0 : 1);
    const rows = [...incidents]
      .sort((a, b) => rank(a) - rank(b) || b.createdAt - a.createdAt)
      .map((s) => ({ ...h.node(s), id: `pagerduty/incidents/${s.id}`, description: incidentDescription(s) }));
    const triggered = incidents.filter((s) => s.state.native === 'triggered').length;
    out.push({
      ...h.group(
        'pagerduty/incidents',
        'PagerDuty incidents',
        'incidents',
        rows,
        `${triggered} triggered · ${incidents.length - triggered} acknowledged`,
      ),
      icon: 'flame',
    });
  }
  return out;
}

/** `level 1 · until 2026-03-08 09:00` / `level 1 · next, from …`. */
export function oncallDescription(s: Signal, clock: (ms: number) => string = isoMinute): string {
  const d = s.detail ?? {};
  const level = `level ${String(d.level ?? 1)}`;
  if (d.now === true) return `${level} · ${typeof d.end === 'number' ? `until ${clock(d.end)}` : 'no end'}`;
  return `${level} · next, from ${typeof d.start === 'number' ? clock(d.start) : '?'}${typeof d.end === 'number' ? ` until ${clock(d.end)}` : ''}`;
}

/** `triggered · high · checkout · Ada`. */
export function incidentDescription(s: Signal): string {
  const d = s.detail ?? {};
  const who = Array.isArray(d.assignees) && d.assignees.length ? ` · ${(d.assignees as string[]).join(', ')}` : '';
  return `${String(d.status ?? s.state.native)} · ${String(d.urgency ?? '')}${d.service ? ` · ${String(d.service)}` : ''}${who}`;
}
