import assert from 'node:assert/strict';
import { HttpClient } from '../../../../src/http/client';
import { deployPayload, incidentPayload, postToWebhook, WebhookError } from '../../../../src/sources/webhook';
import { slackBodyProblems, WebhookReceiver } from '../../../fixtures/webhook/receiver';

const SHA = 'b'.repeat(40);

describe('chat webhooks (Slack format)', () => {
  let receiver: WebhookReceiver;
  const http = new HttpClient({ maxRetries: 3, sleep: () => Promise.resolve() });
  const sleep = () => Promise.resolve();
  beforeEach(async () => {
    receiver = await WebhookReceiver.start();
  });
  afterEach(async () => {
    assert.deepEqual(receiver.violations, []);
    await receiver.close();
  });

  it('posts a deploy as text + an attachment with fields, as @slack/types declares them', async () => {
    const payload = deployPayload({
      commit: SHA,
      environment: 'production',
      status: 'failed',
      version: 'v2',
      url: 'https://ci.example.com/1',
      repo: 'github.com/o/r',
    });
    await postToWebhook('#deploys', receiver.url, payload, { http, sleep });
    assert.equal(receiver.received.length, 1);
    const body = receiver.received[0] as typeof payload;
    assert.equal(body.text, 'v2 failed to deploy to production');
    assert.equal(body.attachments[0].title_link, 'https://ci.example.com/1');
    assert.deepEqual(
      body.attachments[0].fields?.map((f) => f.title),
      ['Environment', 'Outcome', 'Commit', 'Version', 'Repository'],
    );
  });

  it('escapes user text so a summary cannot ping everyone or forge links', () => {
    const p = incidentPayload({
      commit: SHA,
      severity: 'critical',
      summary: '<!channel> <https://evil|click> & more',
      file: 'a.ts',
      startLine: 3,
    });
    assert.ok(!p.text.includes('<') && p.text.includes('&lt;!channel&gt;') && p.text.includes('&amp;'));
    assert.deepEqual(slackBodyProblems(p), []);
    assert.deepEqual(slackBodyProblems({ text: 'x', channel: '#all', attachments: [{ evil: 1 }] }), [
      'channel is not an incoming-webhook key',
      'attachments[0].evil is not in MessageAttachment',
    ]);
  });

  it('retries once after a failure, then gives up with the reason and without the URL', async () => {
    receiver.failNext.push(500);
    await postToWebhook('#deploys', receiver.url, deployPayload({ commit: SHA, environment: 'prod', status: 'success' }), { http, sleep });
    assert.equal(receiver.attempts, 2);
    assert.equal(receiver.received.length, 1, 'exactly one message arrived');
    receiver.failNext.push(500, 503, 500);
    const error = await postToWebhook('#deploys', receiver.url, deployPayload({ commit: SHA, environment: 'prod', status: 'success' }), {
      http,
      sleep,
    }).catch((e: unknown) => e);
    assert.ok(error instanceof WebhookError);
    assert.equal(receiver.attempts, 4, 'two more attempts, no more');
    assert.match(error.message, /#deploys.*2 attempts.*HTTP 503/);
    assert.ok(!error.message.includes('secretpart'));
    receiver.failNext.length = 0;
  });
});
