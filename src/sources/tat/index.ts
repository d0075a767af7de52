/**
 * The Tat source's public surface (pure: no `vscode` import). The VS Code layer parses
 * `devops.tat.instances` with `parseTatInstance`, builds the credential with `tatCredential` from the
 * password in SecretStorage, creates one `TatTopicSource` per topic, and posts reports with
 * `TatApi` and the messages of `reportMessage.ts`.
 */
export { SERVICE as TAT_SERVICE, TAT_MAX_LIMIT, TatApi, tatServiceMessage, type ListMessagesQuery } from './api';
export {
  DEFAULT_COUNT,
  DEFAULT_DAYS,
  isTopicPath,
  parseTatInstance,
  tatCredential,
  TAT_PASSWORD_HEADER,
  TAT_USER_HEADER,
  type TatInstance,
} from './instance';
export { DEFAULT_LABEL_STATES, stateFromLabels } from './labelStates';
export { mapMessage, phaseOfMessage, titleOf } from './mapping';
export {
  deployMessage,
  incidentMessage,
  label as tatLabel,
  selectionMessage,
  type DeployReportInput,
  type IncidentReportInput,
} from './reportMessage';
export { anchorsFromTags, fileAnchor } from './tagAnchors';
export { TatTopicSource, tatSourceId, type TatReadStats } from './topicSource';
export type { TatLabel, TatMessage, TatTopic } from './types';
