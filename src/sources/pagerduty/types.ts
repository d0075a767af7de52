/** The parts of PagerDuty's objects the source reads, named as its OpenAPI description names them. */

export interface PdReference {
  id?: string;
  type?: string;
  summary?: string;
  html_url?: string;
}

export interface PdOncall {
  user?: PdReference;
  escalation_policy?: PdReference;
  schedule?: PdReference;
  escalation_level?: number;
  start?: string | null;
  end?: string | null;
}

export interface PdIncident {
  id?: string;
  incident_number?: number;
  title?: string;
  summary?: string;
  status?: string;
  urgency?: string;
  incident_key?: string;
  created_at?: string;
  updated_at?: string;
  html_url?: string;
  service?: PdReference & { name?: string };
  escalation_policy?: PdReference;
  assignments?: { at?: string; assignee?: PdReference }[];
  acknowledgements?: { at?: string; acknowledger?: PdReference }[];
}

export interface PdService {
  id?: string;
  name?: string;
  summary?: string;
  html_url?: string;
  escalation_policy?: PdReference;
}

export interface PdEscalationPolicy {
  id?: string;
  name?: string;
  summary?: string;
  html_url?: string;
}
