/**
 * GitHub in VS Code: sprint issues, pull requests, Actions runs and deployments of every workspace
 * repository whose remote is on GitHub (or on a GHES host from the settings), plugged in as one
 * service (../service.ts). Nothing here touches the network before its first discovery, which the
 * service registry schedules after `activate()` has returned.
 */
export { GitHubService } from './service';
