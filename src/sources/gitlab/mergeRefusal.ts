/**
 * GitLab's refusals of a merge as sentences that say why. GitLab documents, for
 * `PUT /projects/:id/merge_requests/:merge_request_iid/merge`: 405 "The merge request cannot merge",
 * 409 "The provided `sha` parameter does not match the HEAD of the source", 422 "The merge request
 * failed to merge"; releases before 17 answered 406 where 405 is documented now.
 */
import { SourceError } from '../../core/sourceError';
import { mergeStatusPhrase } from './mergeStatus';

const REASONS: Record<number, string> = {
  405: 'the merge request cannot be merged now (a draft, a pipeline or approvals still pending, unresolved discussions or conflicts)',
  406: 'the merge request cannot be merged now (a draft, a pipeline or approvals still pending, unresolved discussions or conflicts)',
  409: 'the source branch moved since it was reviewed: its HEAD no longer matches the commit given; refresh and look again',
  422: 'GitLab failed to merge the branch; merging or rebasing locally may show why',
};

export interface MergeRefusalContext {
  iid: number;
  /** What was being done, e.g. `merge merge request !12 of group/app`. */
  what: string;
  /** The merge request's `detailed_merge_status` when known, to name the obstacle. */
  detailedMergeStatus?: string;
}

/** A `rejected` SourceError naming GitLab's reason for 405/406/409/422; any other error is returned as is. */
export function mergeRefusal(error: SourceError, context: MergeRefusalContext): SourceError {
  const status = error.status;
  const reason = status !== undefined ? REASONS[status] : undefined;
  if (!reason) {
    return error;
  }
  const obstacle = mergeStatusPhrase(context.detailedMergeStatus);
  const because = obstacle && obstacle !== 'mergeable' && (status === 405 || status === 406) ? ` GitLab reports: ${obstacle}.` : '';
  // GitLab's 405 body only repeats the status line; quote it only when it adds words.
  const said = error.serviceMessage && !/^\d{3}\b/.test(error.serviceMessage) ? ` GitLab says "${error.serviceMessage}".` : '';
  return new SourceError(`Could not ${context.what}: GitLab refused (${status}): ${reason}.${said}${because}`, 'rejected', error.service, {
    status,
    serviceMessage: error.serviceMessage,
    rateLimit: error.rateLimit,
    cause: error,
  });
}
