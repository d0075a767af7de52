/** PagerDuty's service regions and their API hosts (the REST API and the Events API v2). */
export type PagerDutyRegion = 'us' | 'eu';

export interface PagerDutyEndpoints {
  /** `https://api.pagerduty.com` */
  rest: string;
  /** `https://events.pagerduty.com/v2` */
  events: string;
}

export function pagerDutyEndpoints(region: PagerDutyRegion): PagerDutyEndpoints {
  return region === 'eu'
    ? { rest: 'https://api.eu.pagerduty.com', events: 'https://events.eu.pagerduty.com/v2' }
    : { rest: 'https://api.pagerduty.com', events: 'https://events.pagerduty.com/v2' };
}
