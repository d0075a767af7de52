import { strict as assert } from 'node:assert';
import { cdsrcContext, cdsrcPath, parseCdsrc, type Cdsrc } from '../../../../src/sources/cds';

// What cdsctl writes (go-toml's TreeFromMap: `current`, then one table per context, keys as cdsctx.go names them).
const WRITTEN = `current = "prod"

[dev]
  Host = "http://localhost:8081"
  InsecureSkipVerifyTLS = "true"
  Session = ""
  Token = "dev-token"

[prod]
  Host = "https://cds-api.example.com"
  Session = "eyJhbGciOi.session"
  Token = "prod-signin-token"
`;

const rc = (text: string): Cdsrc => {
  const parsed = parseCdsrc(text);
  assert.ok('rc' in parsed, 'error' in parsed ? parsed.error : '');
  return parsed.rc;
};

describe("cdsctl's file", () => {
  it('is ~/.cdsrc unless CDS_FILE names another', () => {
    assert.equal(cdsrcPath({}, '/home/me/'), '/home/me/.cdsrc');
    assert.equal(cdsrcPath({ CDS_FILE: '/etc/cds/rc' }, '/home/me'), '/etc/cds/rc');
  });

  it("reads the current context's host and tokens, or the one CDS_CONTEXT names", () => {
    const file = rc(WRITTEN);
    assert.deepEqual(cdsrcContext(file), {
      name: 'prod',
      host: 'https://cds-api.example.com',
      session: 'eyJhbGciOi.session',
      token: 'prod-signin-token',
      insecureSkipVerifyTLS: false,
    });
    assert.deepEqual(cdsrcContext(file, 'dev'), {
      name: 'dev',
      host: 'http://localhost:8081',
      token: 'dev-token',
      insecureSkipVerifyTLS: true,
    });
    assert.equal(cdsrcContext(file, 'nope'), undefined);
  });

  it('reads keys in any case, comments, literal strings and escapes', () => {
    const file = rc(`# mine\nCURRENT = 'a'\n["a"]\nhost = "https://x.example.com" # the API\ntoken = "t\\u0041"\n`);
    assert.deepEqual(cdsrcContext(file), { name: 'a', host: 'https://x.example.com', token: 'tA', insecureSkipVerifyTLS: false });
  });

  it('has no tokens where cdsctl keeps them in the keychain', () => {
    const context = cdsrcContext(rc('current = "k"\n[k]\n  Host = "https://cds.example.com"\n'));
    assert.equal(context?.token, undefined);
    assert.equal(context?.session, undefined);
  });

  it('reports a damaged file with its line instead of guessing', () => {
    assert.deepEqual(parseCdsrc('current = "prod"\n[prod\nHost = "x"'), { error: 'line 2: not a "key = value" line cdsctl writes' });
    assert.deepEqual(parseCdsrc('current = "prod"\nHost = "unterminated\n'), { error: 'line 2: not a "key = value" line cdsctl writes' });
    assert.deepEqual(parseCdsrc('\u0000\u0001binary'), { error: 'line 1: not a "key = value" line cdsctl writes' });
  });
});
