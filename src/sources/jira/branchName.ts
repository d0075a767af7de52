import { branchNameFromTemplate, checkBranchName, type BranchNameResult } from '../../core/branchName';

/**
 * Start Work's branch for an issue, through the shared branch template (`{number}-{slug}` gives
 * `PROJ-7-short-summary`): the template's slug lower-cases everything, but the key keeps Jira's upper
 * case, which is how Jira's development panel and most tools match branches to issues.
 */
export function jiraBranchName(template: string, key: string, summary: string, type: string): BranchNameResult {
  const proposed = branchNameFromTemplate(template, { number: key, title: summary, type: /bug|defect/i.test(type) ? 'fix' : 'feature' });
  if (!proposed.ok) return proposed;
  const name = proposed.name.replace(key.toLowerCase(), key);
  return checkBranchName(name) ? proposed : { ok: true, name };
}
