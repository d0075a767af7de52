import assert from 'node:assert/strict';
import { githubReposFromRemotes, parseEnterpriseHost, parseGitHubRemote } from '../../../../src/sources/github/remote';

describe('github/remote', () => {
  const dotcom = {
    host: 'github.com',
    owner: 'octo-org',
    repo: 'octo.repo',
    apiBase: 'https://api.github.com',
    webBase: 'https://github.com',
    enterprise: false,
  };

  it('parses every github.com remote syntax git accepts', () => {
    for (const url of [
      'https://github.com/octo-org/octo.repo.git',
      'https://github.com/octo-org/octo.repo',
      'https://github.com/octo-org/octo.repo/',
      'http://github.com/octo-org/octo.repo.git',
      'https://user:ghp_secret@github.com/octo-org/octo.repo.git',
      'https://www.github.com/octo-org/octo.repo',
      'git@github.com:octo-org/octo.repo.git',
      'git@github.com:/octo-org/octo.repo.git',
      'github.com:octo-org/octo.repo',
      'ssh://git@github.com/octo-org/octo.repo.git',
      'ssh://git@github.com:22/octo-org/octo.repo',
      'ssh://git@ssh.github.com:443/octo-org/octo.repo.git',
      'git+ssh://git@github.com/octo-org/octo.repo.git',
      'git://github.com/octo-org/octo.repo.git',
      'HTTPS://GitHub.COM/octo-org/octo.repo.git',
      '  https://github.com/octo-org/octo.repo.git\n',
    ]) {
      assert.deepEqual(parseGitHubRemote(url), dotcom, url);
    }
  });

  it('never keeps credentials from the URL', () => {
    const ref = parseGitHubRemote('https://x-access-token:ghp_abc123@github.com/o/r.git');
    assert.ok(ref);
    assert.ok(!JSON.stringify(ref).includes('ghp_abc123'));
  });

  it('rejects other hosts, look-alike hosts and paths that are not owner/repo', () => {
    for (const url of [
      'https://gitlab.com/o/r.git',
      'https://github.com.evil.example/o/r.git',
      'https://evil.example/github.com/o/r.git',
      'https://evilgithub.com/o/r',
      'git@github.com.evil.example:o/r.git',
      'https://github.com/o',
      'https://github.com/o/r/tree/main',
      'https://github.com/o/../r',
      'https://github.com/-o/r',
      'https://github.com/o/r%2F..',
      'https://github.com/o/r?x=1',
      'file:///home/me/repo',
      '/home/me/repo',
      '../other',
      '',
      'git@github.com:o/..',
      'https://gist.github.com/o/r',
    ]) {
      assert.equal(parseGitHubRemote(url), undefined, url);
    }
  });

  it('recognises GitHub Enterprise Server hosts named in the settings, with the /api/v3 base', () => {
    const hosts = [parseEnterpriseHost('https://ghe.example.com/api/v3')!, parseEnterpriseHost('code.corp.example')!];
    assert.deepEqual(hosts[0], {
      hostname: 'ghe.example.com',
      webBase: 'https://ghe.example.com',
      apiBase: 'https://ghe.example.com/api/v3',
    });
    const expected = {
      host: 'ghe.example.com',
      owner: 'team',
      repo: 'svc',
      apiBase: 'https://ghe.example.com/api/v3',
      webBase: 'https://ghe.example.com',
      enterprise: true,
    };
    assert.deepEqual(parseGitHubRemote('git@ghe.example.com:team/svc.git', hosts), expected);
    assert.deepEqual(parseGitHubRemote('https://GHE.example.com/team/svc', hosts), expected);
    assert.deepEqual(parseGitHubRemote('ssh://git@ghe.example.com:7999/team/svc.git', hosts), expected);
    assert.equal(parseGitHubRemote('git@code.corp.example:a/b.git', hosts)?.apiBase, 'https://code.corp.example/api/v3');
    assert.equal(parseGitHubRemote('git@other.example.com:team/svc.git', hosts), undefined);
    assert.equal(parseEnterpriseHost('github.com'), undefined, 'github.com is not an enterprise host');
    assert.equal(parseEnterpriseHost('https://user:pw@ghe.example.com'), undefined);
    assert.equal(parseEnterpriseHost('ftp://ghe.example.com'), undefined);
    assert.equal(parseEnterpriseHost('   '), undefined);
  });

  it('lists the distinct GitHub repositories of a repository, origin first', () => {
    const repos = githubReposFromRemotes([
      { name: 'zeta', fetchUrl: 'https://gitlab.com/a/b.git' },
      { name: 'upstream', fetchUrl: 'git@github.com:octo/main.git' },
      { name: 'origin', fetchUrl: 'https://github.com/me/main.git', pushUrl: 'git@github.com:me/main.git' },
      { name: 'mirror', fetchUrl: 'https://github.com/Me/Main' },
    ]);
    assert.deepEqual(
      repos.map((r) => `${r.owner}/${r.repo}`),
      ['me/main', 'octo/main'],
    );
  });
});
