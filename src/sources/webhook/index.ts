/**
 * Chat incoming webhooks (Slack's format; Mattermost and others accept it) as report destinations
 * (pure). The VS Code layer keeps the URLs in SecretStorage and sends reports with `postToWebhook`.
 */
export { deployPayload, incidentPayload, slackText, type DeployFields, type IncidentFields, type WebhookPayload } from './slackMessage';
export { postToWebhook, WebhookError, type PostOptions } from './post';
