import assert from 'node:assert/strict';
import { Redactor, redactUrlSecrets } from '../../../src/http/redact';

describe('redactUrlSecrets', () => {
  it('masks userinfo in URLs', () => {
    assert.equal(
      redactUrlSecrets('clone https://oauth2:glpat-XYZ@gitlab.example.com/g/p.git failed'),
      'clone https://***@gitlab.example.com/g/p.git failed',
    );
    assert.equal(redactUrlSecrets('http://user@host/x'), 'http://***@host/x');
  });

  it('masks secret query parameters whatever their case, and keeps the others', () => {
    assert.equal(
      redactUrlSecrets('https://h/api?page=2&private_token=abc&Access_Token=def#frag'),
      'https://h/api?page=2&private_token=***&Access_Token=***#frag',
    );
    assert.equal(
      redactUrlSecrets('https://h/?key=k1&sig=s1&signature=s2&api_key=a&password=p&token=t'),
      'https://h/?key=***&sig=***&signature=***&api_key=***&password=***&token=***',
    );
    assert.equal(
      redactUrlSecrets('https://s3/o?X-Amz-Signature=abc&X-Amz-Expires=60'),
      'https://s3/o?X-Amz-Signature=***&X-Amz-Expires=60',
    );
  });

  it('leaves look-alike names and plain text alone', () => {
    assert.equal(redactUrlSecrets('https://h/?monkey=1&keyboard=2&tokens=3'), 'https://h/?monkey=1&keyboard=2&tokens=3');
    assert.equal(redactUrlSecrets('user@example.com wrote: token=abc'), 'user@example.com wrote: token=abc');
  });
});

describe('Redactor', () => {
  it('masks every registered secret wherever it appears, longest first', () => {
    const redactor = new Redactor();
    redactor.add('Bearer abcdef123456');
    redactor.add('abcdef1234567890');

    assert.equal(redactor.redact('Authorization: Bearer abcdef123456'), 'Authorization: ***');
    assert.equal(redactor.redact('{"echo":"abcdef123456"}'), '{"echo":"***"}', 'the token without its scheme too');
    assert.equal(redactor.redact('x abcdef1234567890 y'), 'x *** y', 'the longer secret is masked whole');
  });

  it('masks the URL-encoded form of a secret', () => {
    const redactor = new Redactor();
    redactor.add('p@ss/w rd+');

    assert.equal(redactor.redact(`https://h/cb?state=${encodeURIComponent('p@ss/w rd+')}`), 'https://h/cb?state=***');
  });

  it('ignores empty secrets and still masks URL secrets', () => {
    const redactor = new Redactor();
    redactor.add(undefined);
    redactor.add('   ');

    assert.equal(redactor.redact('nothing to hide'), 'nothing to hide');
    assert.equal(redactor.redact('https://h/?token=t'), 'https://h/?token=***');
  });

  it('masks hostile text containing the secret many times and across lines', () => {
    const redactor = new Redactor();
    redactor.add('s3cr3t');

    assert.equal(redactor.redact('s3cr3ts3cr3t\ns3cr3t'), '******\n***');
  });
});
