/**
 * Sentry as a pure source: the unresolved issues of an organization (or projects) with the stack
 * frames of their latest event, and the Monitor view's layout. Outside code imports it from here.
 */
export { sentryApiRoot, sentryCredential, SentryConfigError, type SentryConfig } from './api';
export { describeIssue, isSentrySignal, SENTRY_PREFIX, sentryLayout } from './layout';
export { mapIssue, mapStackFrame, parseIssue, type MappedFrame, type SentryIssue, type StackFrame } from './mapping';
export { SentrySource, type SentrySourceOptions } from './sentrySource';
