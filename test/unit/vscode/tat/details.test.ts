import assert from 'node:assert/strict';
import { SignalHub } from '../../../../src/core/hub';
import { mapMessage } from '../../../../src/sources/tat';
import { tatDetailsContributor } from '../../../../src/vscode/tat/details';

describe('Tat details', () => {
  it('shows topic, author, labels, tags, likes and the replies of a message', async () => {
    const signal = mapMessage(
      {
        _id: 'm1',
        text: 'api deployed #env:prod',
        topic: '/Team/Deploys',
        dateCreation: 1_700_000_000,
        dateUpdate: 1_700_000_100,
        labels: [{ text: 'deployed', color: '' }],
        tags: ['env:prod'],
        likers: ['bob', 'eve'],
        nbLikes: 2,
        author: { username: 'ana', fullname: 'Ana' },
        replies: [
          {
            _id: 'r1',
            text: 'thanks <b>!</b>',
            topic: '/Team/Deploys',
            dateCreation: 1_700_000_050,
            dateUpdate: 1_700_000_050,
            author: { username: 'bob', fullname: 'Bob' },
          },
        ],
        nbReplies: 1,
      },
      { sourceId: 'tat:tat.example.com/Team/Deploys', topic: '/Team/Deploys' },
    );
    const contribution = await tatDetailsContributor()(signal, new SignalHub());
    const sections = contribution?.sections ?? [];
    assert.deepEqual(
      sections.map((s) => s.title),
      ['Tat message', 'Text', 'Replies (1)'],
    );
    const rows = (sections[0] as { rows: Array<{ label: string; value: string }> }).rows;
    assert.deepEqual(Object.fromEntries(rows.map((r) => [r.label, r.value])), {
      Topic: '/Team/Deploys',
      Author: 'Ana (ana)',
      Labels: 'deployed',
      Tags: 'env:prod',
      Likes: '2 (bob, eve)',
    });
    const reply = (sections[2] as { rows: Array<{ label: string; value: string }> }).rows[0];
    assert.match(reply.label, /^Bob · /);
    assert.equal(reply.value, 'thanks <b>!</b>', 'as text: the page escapes it');
    assert.equal(await tatDetailsContributor()({ ...signal, source: 'git:/x' }, new SignalHub()), undefined);
  });
});
