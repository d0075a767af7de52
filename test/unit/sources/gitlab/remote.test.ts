import assert from 'node:assert/strict';
import { gitlabProjectsFromRemotes, parseGitLabInstance, parseGitLabRemote, type GitLabInstance } from '../../../../src/sources/gitlab';

describe('gitlab/remote', () => {
  const selfManaged = parseGitLabInstance({
    url: 'https://git.example.com/gitlab',
    sshHosts: ['ssh.example.com', 'git-ssh.example.com:2222'],
  }) as GitLabInstance;
  const plain = parseGitLabInstance({ url: 'https://code.corp.example' }) as GitLabInstance;
  const instances = [selfManaged, plain];

  describe('gitlab.com, with no setting', () => {
    const cases: [string, string][] = [
      ['https://gitlab.com/group/project.git', 'group/project'],
      ['https://gitlab.com/group/project', 'group/project'],
      ['https://gitlab.com/group/project/', 'group/project'],
      ['https://oauth2:glpat-secret@gitlab.com/group/sub/project.git', 'group/sub/project'],
      ['http://gitlab.com/group/project.git', 'group/project'],
      ['https://www.gitlab.com/group/project.git', 'group/project'],
      ['git@gitlab.com:group/sub/project.git', 'group/sub/project'],
      ['gitlab.com:group/project', 'group/project'],
      ['ssh://git@gitlab.com/group/project.git', 'group/project'],
      ['ssh://git@altssh.gitlab.com:443/group/project.git', 'group/project'],
      ['git+ssh://git@gitlab.com/a/b/c/d/e/f/project.git', 'a/b/c/d/e/f/project'],
      ['https://GitLab.COM/Group/My.Project_1-x.git', 'Group/My.Project_1-x'],
    ];
    for (const [remote, path] of cases) {
      it(remote, () => {
        const ref = parseGitLabRemote(remote, instances);
        assert.ok(ref, remote);
        assert.equal(ref.path, path);
        assert.equal(ref.webBase, 'https://gitlab.com');
        assert.equal(ref.apiBase, 'https://gitlab.com/api/v4');
        assert.equal(ref.identity, `gitlab.com/${path}`);
        assert.equal(ref.encodedPath, path.split('/').join('%2F'));
        assert.equal(ref.webUrl, `https://gitlab.com/${path}`);
        assert.equal(ref.dotcom, true);
      });
    }

    it('never keeps the credentials of an HTTPS remote', () => {
      const ref = parseGitLabRemote('https://user:glpat-secret@gitlab.com/group/project.git');
      assert.doesNotMatch(JSON.stringify(ref), /glpat-secret|user/);
    });
  });

  describe('self-managed instances', () => {
    it('parses the instance setting: prefix, lower-cased host, SSH aliases', () => {
      assert.deepEqual(selfManaged, {
        webBase: 'https://git.example.com/gitlab',
        webHost: 'git.example.com',
        hostname: 'git.example.com',
        pathPrefix: '/gitlab',
        sshHosts: ['git.example.com', 'ssh.example.com', 'git-ssh.example.com:2222'],
        dotcom: false,
      });
      assert.equal(parseGitLabInstance({ url: 'git.example.org' })?.webBase, 'https://git.example.org');
      assert.equal(parseGitLabInstance({ url: 'https://Git.Example.org:8443/' })?.webHost, 'git.example.org:8443');
    });

    it('refuses instance settings that are not a plain web URL', () => {
      for (const url of [
        '',
        'ftp://git.example.com',
        'https://user:pw@git.example.com',
        'https://git.example.com/?x=1',
        'https://git.example.com/#a',
        'https://gitlab.com',
        'https://git.example.com/../x',
        'https://git.example.com/gitlab/%2e%2e/x',
        'javascript:alert(1)',
      ]) {
        assert.equal(parseGitLabInstance({ url }), undefined, url);
      }
      assert.deepEqual(
        parseGitLabInstance({ url: 'https://a.example', sshHosts: ['git@x.example', 'https://y.example', 'ok.example', ' '] })?.sshHosts,
        ['a.example', 'ok.example'],
      );
    });

    const cases: [remote: string, path: string][] = [
      ['https://git.example.com/gitlab/group/sub/project.git', 'group/sub/project'],
      ['https://deploy:token@git.example.com/gitlab/group/project', 'group/project'],
      ['git@git.example.com:group/sub/project.git', 'group/sub/project'],
      ['ssh://git@git.example.com:2222/group/sub/project.git', 'group/sub/project'],
      ['git@ssh.example.com:group/project.git', 'group/project'],
      ['ssh://git@ssh.example.com:7999/group/project.git', 'group/project'],
      ['ssh://git@git-ssh.example.com:2222/group/project.git', 'group/project'],
    ];
    for (const [remote, path] of cases) {
      it(remote, () => {
        const ref = parseGitLabRemote(remote, instances);
        assert.ok(ref, remote);
        assert.equal(ref.path, path);
        assert.equal(ref.webBase, 'https://git.example.com/gitlab');
        assert.equal(ref.apiBase, 'https://git.example.com/gitlab/api/v4');
        assert.equal(ref.identity, `git.example.com/gitlab/${path}`);
        assert.equal(ref.webUrl, `https://git.example.com/gitlab/${path}`);
      });
    }

    it('gives the SSH and HTTPS remotes of one project the same identity (no "no GitLab project" for SSH)', () => {
      const identities = new Set(
        [
          'https://git.example.com/gitlab/group/app.git',
          'git@ssh.example.com:group/app.git',
          'ssh://git@git-ssh.example.com:2222/group/app',
        ].map((r) => parseGitLabRemote(r, instances)?.identity),
      );
      assert.deepEqual([...identities], ['git.example.com/gitlab/group/app']);
    });

    it('takes the prefix on HTTP(S) remotes only', () => {
      assert.equal(parseGitLabRemote('https://git.example.com/group/project.git', instances), undefined, 'HTTPS without the prefix');
      assert.equal(
        parseGitLabRemote('git@git.example.com:gitlab/group/project.git', instances)?.path,
        'gitlab/group/project',
        'an SSH path is the project path as it is',
      );
    });

    it('matches an alias with a port on that port only, and a web host with a port exactly', () => {
      assert.equal(parseGitLabRemote('ssh://git@git-ssh.example.com:22/group/project.git', instances), undefined);
      assert.equal(parseGitLabRemote('ssh://git@git-ssh.example.com/group/project.git', instances), undefined);
      assert.equal(parseGitLabRemote('https://git.example.com:8443/gitlab/group/project.git', instances), undefined);
      const ported = parseGitLabInstance({ url: 'https://git.example.net:8443' }) as GitLabInstance;
      const ref = parseGitLabRemote('https://git.example.net:8443/group/project.git', [ported]);
      assert.equal(ref?.identity, 'git.example.net:8443/group/project');
      assert.equal(ref?.apiBase, 'https://git.example.net:8443/api/v4');
    });

    it('ignores an instance the settings do not name', () => {
      assert.equal(parseGitLabRemote('https://git.example.com/gitlab/group/project.git'), undefined);
      assert.equal(parseGitLabRemote('git@ssh.example.com:group/project.git', [plain]), undefined);
    });
  });

  describe('hostile and other input: rejected, never guessed', () => {
    const rejected = [
      '',
      '   ',
      'gitlab.com',
      'https://gitlab.com',
      'https://gitlab.com/project-only',
      'https://gitlab.com/group/project/-/tree/main',
      'https://gitlab.com/group/project.git?ref=x',
      'https://gitlab.com/group/project#readme',
      'https://gitlab.com.evil.example/group/project.git',
      'https://evil.example/gitlab.com/group/project.git',
      'https://gitlab.com@evil.example/group/project.git',
      'https://xn--gitlb-bye.com/group/project',
      'https://gitlab.com/../group/project',
      'https://gitlab.com/group/%2e%2e/project',
      'https://gitlab.com/group/./project',
      'https://gitlab.com/group%2Fsub/project',
      'https://gitlab.com/group/pro%0aject',
      'https://gitlab.com/group/pro%00ject',
      'https://gitlab.com/group/project.git.git',
      'https://gitlab.com/-/group/project',
      'https://gitlab.com/.hidden/project',
      'git@gitlab.com:/group/project.git',
      'git@gitlab.com:project.git',
      'file:///srv/git/group/project.git',
      '/srv/git/group/project.git',
      '../group/project',
      'ext::sh -c touch% /tmp/pwned',
      '--upload-pack=touch /tmp/x',
      'git://gitlab.com/group/project.git',
      'https://gitlab.com/group/project\r\nHost: evil',
      'C:\\repos\\group\\project',
      `https://gitlab.com/${'g/'.repeat(30)}project`,
      `https://gitlab.com/group/${'p'.repeat(300)}`,
      `https://gitlab.com/${'x'.repeat(5000)}/project`,
      'https://[::1]/group/project',
      'ssh://git@evil.example/group/project.git',
      'git@evil.example:group/project.git',
    ];
    for (const remote of rejected) {
      it(JSON.stringify(remote.slice(0, 80)), () => {
        assert.equal(parseGitLabRemote(remote, instances), undefined);
      });
    }
  });

  describe('gitlabProjectsFromRemotes', () => {
    it('lists distinct projects, origin first, then upstream, then by name', () => {
      const refs = gitlabProjectsFromRemotes(
        [
          { name: 'zeta', fetchUrl: 'https://gitlab.com/z/app.git' },
          { name: 'upstream', fetchUrl: 'git@gitlab.com:up/app.git' },
          { name: 'origin', fetchUrl: 'git@ssh.example.com:group/app.git', pushUrl: 'https://git.example.com/gitlab/group/app.git' },
          { name: 'mirror', fetchUrl: 'https://github.com/o/app.git' },
          { name: 'again', fetchUrl: 'https://gitlab.com/UP/app' },
        ],
        instances,
      );
      assert.deepEqual(
        refs.map((r) => r.identity),
        ['git.example.com/gitlab/group/app', 'gitlab.com/up/app', 'gitlab.com/z/app'],
      );
    });
  });
});
