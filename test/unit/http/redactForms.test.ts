import assert from 'node:assert/strict';
import { basicCredential, bearerCredential } from '../../../src/http/credentials';
import { REDACTED, Redactor, redactUrlSecrets, SHORT_FORM_CHARS } from '../../../src/http/redact';
import { secretForms } from '../../../src/http/secretForms';

const PASSWORD = `Pa55/w0rd+"<&>'ü x`;

describe('secretForms', () => {
  it('lists the secret as is, URL-encoded, form-encoded, JSON-escaped and HTML-escaped', () => {
    const forms = secretForms(PASSWORD);

    for (const expected of [
      PASSWORD,
      encodeURIComponent(PASSWORD),
      encodeURIComponent(PASSWORD).replace(/%20/g, '+'),
      encodeURIComponent(PASSWORD).replace(/%[0-9A-F]{2}/g, (escape) => escape.toLowerCase()),
      new URLSearchParams([['a', PASSWORD]]).toString().slice(2),
      JSON.stringify(PASSWORD).slice(1, -1),
      JSON.stringify(PASSWORD).slice(1, -1).replace(/\//g, '\\/'),
      'Pa55/w0rd+\\"<&>\'\\u00fc x', // Python's ensure_ascii
      'Pa55/w0rd+\\"\\u003c\\u0026\\u003e\'ü x', // Go's HTML-safe encoding/json
      'Pa55/w0rd+&quot;&lt;&amp;&gt;&#39;ü x',
      'Pa55/w0rd+&quot;&lt;&amp;&gt;&#x27;ü x',
      'Pa55/w0rd&#43;&#34;&lt;&amp;&gt;&#39;ü x',
      new URL(`http://h/?${PASSWORD}`).search.slice(1), // what a URL parser makes of it in a query
    ]) {
      assert.ok(forms.includes(expected), `missing form ${expected}`);
    }
    assert.equal(forms[0], PASSWORD);
    assert.equal(new Set(forms).size, forms.length, 'no duplicates');
  });

  it('gives a plain token a single form, and nothing for an empty secret', () => {
    assert.deepEqual(secretForms('ghp_abcDEF123_xyz-9.0'), ['ghp_abcDEF123_xyz-9.0']);
    assert.deepEqual(secretForms(''), []);
  });

  it('survives a lone surrogate', () => {
    const forms = secretForms('abc\ud800def');
    assert.ok(forms.includes('abc\ud800def'));
    assert.ok(forms.includes('abc\\ud800def'));
  });
});

describe('credential builders', () => {
  it('bearerCredential sends `Bearer <token>` in Authorization, or the bare token in another header', () => {
    assert.deepEqual(bearerCredential('https://api.example.com', 'tok'), {
      origin: 'https://api.example.com',
      header: 'Authorization',
      value: 'Bearer tok',
      secret: 'tok',
    });
    assert.deepEqual(bearerCredential('https://gitlab.example.com', 'glpat-1', 'PRIVATE-TOKEN'), {
      origin: 'https://gitlab.example.com',
      header: 'PRIVATE-TOKEN',
      value: 'glpat-1',
      secret: 'glpat-1',
    });
  });

  it('basicCredential carries base64, user:password and the password, never the user name alone', () => {
    const credential = basicCredential('http://am:9093', 'ops', 'p@ss:word');
    const encoded = Buffer.from('ops:p@ss:word').toString('base64');

    assert.deepEqual(credential, {
      origin: 'http://am:9093',
      header: 'Authorization',
      value: `Basic ${encoded}`,
      secret: encoded,
      secrets: ['ops:p@ss:word', 'p@ss:word'],
    });
    assert.equal(basicCredential('http://am:9093', 'ops', '').secrets, undefined, 'no password, nothing more to hide');
  });
});

describe('Redactor: every form, whole before any cut', () => {
  function basicRedactor(user = 'deploy-bot', password = PASSWORD): Redactor {
    const redactor = new Redactor();
    redactor.addCredential(basicCredential('https://am.example.com', user, password));
    return redactor;
  }

  it('masks the password alone, user:password and base64, in every form, and keeps the user name', () => {
    const redactor = basicRedactor();
    const userPassword = `deploy-bot:${PASSWORD}`;
    const written = [
      PASSWORD,
      userPassword,
      Buffer.from(userPassword).toString('base64'),
      ...secretForms(PASSWORD),
      ...secretForms(userPassword),
    ];

    for (const form of written) {
      assert.equal(redactor.redact(`user deploy-bot said <${form}>`), `user deploy-bot said <${REDACTED}>`, form);
    }
  });

  it('decodes a Basic header value registered without a credential', () => {
    const redactor = new Redactor();
    redactor.add(`Basic ${Buffer.from('ops:hunter2-password').toString('base64')}`);

    assert.equal(redactor.redact('echo: ops:hunter2-password / hunter2-password'), `echo: ${REDACTED} / ${REDACTED}`);
    assert.equal(redactor.redact('ops logged in'), 'ops logged in');
  });

  it(`masks forms shorter than ${SHORT_FORM_CHARS} characters only as whole tokens`, () => {
    const redactor = basicRedactor('ops', 'a1');

    assert.equal(redactor.redact('{"password":"a1"}'), `{"password":"${REDACTED}"}`);
    assert.equal(redactor.redact('ops:a1@host a1'), `${REDACTED}@host ${REDACTED}`);
    assert.equal(redactor.redact('data1 a1b ba1 a12'), 'data1 a1b ba1 a12', 'not inside other words');
    assert.equal(redactor.redact('a1'), REDACTED);
  });

  it('masks a single-letter password only where it stands alone', () => {
    const redactor = basicRedactor('ops', 'a');

    assert.equal(redactor.redact('a banana at "a"'), `${REDACTED} banana at "${REDACTED}"`);
  });

  it('masks long forms anywhere, even glued to other words', () => {
    const redactor = basicRedactor('ops', 'hunter2');

    assert.equal(redactor.redact('xxhunter2yy'), `xx${REDACTED}yy`);
  });

  it('masks two overlapping secrets as one marker, so no part of either survives', () => {
    const redactor = new Redactor();
    redactor.addSecret('abcdefgh1234');
    redactor.addSecret('1234ijklmnop');

    assert.equal(redactor.redact('<abcdefgh1234ijklmnop>'), `<${REDACTED}>`);
    assert.equal(redactor.redact('<abcdefgh1234><1234ijklmnop>'), `<${REDACTED}><${REDACTED}>`);
  });

  it('leaves no fragment of a secret in an excerpt, wherever the cut falls', () => {
    const secret = 'S3cr3t-T0ken/with+plus';
    const redactor = new Redactor();
    redactor.addSecret(secret);
    for (const max of [1, 5, 20, 50]) {
      for (let at = 0; at <= 60; at++) {
        const text = `${'x'.repeat(at)}${secret}${'y'.repeat(40)}`;
        const excerpt = redactor.excerpt(text, max);
        assert.ok(excerpt.length <= max, `excerpt of ${excerpt.length} > ${max}`);
        for (let i = 0; i + 4 <= secret.length; i++) {
          assert.ok(!excerpt.includes(secret.slice(i, i + 4)), `cut ${max} at ${at}: ${excerpt}`);
        }
      }
    }
  });

  it('masks a short secret that a cut leaves at the very end, where it looks whole', () => {
    const redactor = basicRedactor('ops', 'pw9');

    assert.equal(redactor.redact('token pw9x'), 'token pw9x');
    assert.equal(redactor.excerpt('token pw9x', 9), `token ${REDACTED}`);
  });

  it('never cuts a surrogate pair in half', () => {
    const redactor = new Redactor();

    assert.equal(redactor.excerpt('ab😀cd', 3), 'ab');
  });

  it('masks JSON-escaped secrets in parsed JSON, in keys and numbers too, without breaking the value', () => {
    const redactor = new Redactor();
    redactor.addSecret(PASSWORD);
    redactor.addSecret('4711081500');
    const body = {
      text: `said ${PASSWORD}.`,
      [PASSWORD]: 1,
      list: [PASSWORD, 2, null, { deep: `x${PASSWORD}` }],
      n: 4711081500,
      ok: 'kept',
    };
    const goEscaped = JSON.stringify(body).replace(/</g, '\\u003c').replace(/&/g, '\\u0026').replace(/>/g, '\\u003e');
    const slashEscaped = JSON.stringify(body).replace(/\//g, '\\/');

    for (const text of [JSON.stringify(body), goEscaped, slashEscaped]) {
      const value = redactor.redactJson(JSON.parse(text) as unknown, text);
      assert.deepEqual(value, {
        text: `said ${REDACTED}.`,
        [REDACTED]: 1,
        list: [REDACTED, 2, null, { deep: `x${REDACTED}` }],
        n: REDACTED,
        ok: 'kept',
      });
    }
    const clean = '{"ok":["nothing", "secret", 1]}';
    const untouched = JSON.parse(clean) as unknown;
    assert.equal(redactor.redactJson(untouched, clean), untouched, 'a body showing no form is returned as parsed');
  });

  it('keeps a `__proto__` key an own property and survives deep nesting', () => {
    const redactor = new Redactor();
    redactor.addSecret('s3cr3t-value');
    const text = `{"__proto__":{"x":"s3cr3t-value"},"deep":${'['.repeat(20000)}"s3cr3t-value"${']'.repeat(20000)}}`;

    const value = redactor.redactJson(JSON.parse(text) as Record<string, unknown>, text);

    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, { x: REDACTED });
    let innermost: unknown = value.deep;
    while (Array.isArray(innermost)) {
      innermost = innermost[0];
    }
    assert.equal(innermost, REDACTED);
  });

  it('shows only the origin of a URL that hides a secret in a mix of encodings or split by #', () => {
    const token = 'tok3n/Abc#Def?Ghi';
    const redactor = new Redactor();
    redactor.addSecret(token);

    assert.equal(redactor.redactUrl('https://h.example/cb?state=tok3n%2FAbc#Def?Ghi'), `https://h.example/${REDACTED}`);
    assert.equal(redactor.redactUrl('https://h.example/cb?state=tok3n%2fAbc%23Def?Ghi'), `https://h.example/${REDACTED}`);
    assert.equal(
      redactor.redactUrl(`https://h.example/cb?state=${encodeURIComponent(token)}&page=2`),
      `https://h.example/cb?state=${REDACTED}&page=2`,
    );
    assert.equal(redactor.redactUrl('https://h.example/cb?page=2'), 'https://h.example/cb?page=2');
  });

  it('masks returned headers, a Location split by URL syntax included, and keeps `__proto__` an own header', () => {
    const redactor = new Redactor();
    redactor.addSecret('tok3n/Abc#Def');

    const headers = redactor.redactHeaders({
      'x-echo': 'tok3n/Abc#Def',
      location: '/cb?state=tok3n%2FAbc#Def',
      link: '<https://h/?page=2>; rel="next"',
      ['__proto__']: 'x',
    });

    assert.deepEqual(
      { ...headers },
      {
        'x-echo': REDACTED,
        location: REDACTED,
        link: '<https://h/?page=2>; rel="next"',
        ['__proto__']: 'x',
      },
    );
    assert.equal(Object.getPrototypeOf(headers), Object.prototype);
  });
});

describe('redactUrlSecrets on whole bodies', () => {
  it('masks userinfo whatever precedes the scheme', () => {
    assert.equal(redactUrlSecrets('see.https://u:pw@h/x'), `see.https://${REDACTED}@h/x`);
    assert.equal(redactUrlSecrets('(git+ssh://u:pw@h/x) _http://u:pw@h'), `(git+ssh://${REDACTED}@h/x) _http://${REDACTED}@h`);
    assert.equal(redactUrlSecrets('a.b-c.d+e https://h/x'), 'a.b-c.d+e https://h/x');
  });

  it('masks a userinfo the excerpt would cut before its @', () => {
    const redactor = new Redactor();
    const body = `${'x'.repeat(90)} https://deploy:hunter2pass@host/ ${'y'.repeat(100)}`;

    const excerpt = redactor.excerpt(body, 110);

    assert.equal(excerpt, `${'x'.repeat(90)} https://${REDACTED}@host/ y`, 'cut at 110 used to fall inside the password');
  });
});
