import { describe, expect, it } from 'vitest';
import { REDACTED, redactText, redactValue } from './redact.ts';

// Built at run time so no secret-shaped literal sits in the repository for scanners to flag.
const JWT = ['eyJhbGciOiJSUzI1NiJ9', 'eyJzdWIiOiJhbGljZSJ9', 'c2lnbmF0dXJlLXBhcnQ'].join('.');
const GH = `ghp_${'a1B2'.repeat(9)}`;
const SK = `sk-ant-api03-${'x9Y8'.repeat(8)}`;
const SLACK = `xoxb-${'1234567890'}-${'abcdefABCDEF'}`;
const AWS = `AKIA${'IOSFODNN7EXAMPLE'}`;
const HEX = 'deadbeef'.repeat(6);
const PEM = `-----BEGIN RSA PRIVATE KEY-----\nMIIEow${'Ab'.repeat(30)}\n${'Cd'.repeat(30)}\n-----END RSA PRIVATE KEY-----`;

const cases: [name: string, input: string, secret: string, kept?: string][] = [
  ['a JWT in prose', `token is ${JWT} ok`, JWT, 'ok'],
  ['a GitHub token', `git push https://x@github.com ${GH}`, GH],
  ['an Anthropic/OpenAI key', `key ${SK}`, SK],
  ['a Slack token', `SLACK=${SLACK}`, SLACK],
  ['an AWS access key id', `aws configure set aws_access_key_id ${AWS}`, AWS],
  ['an Authorization header in curl', `curl -H "Authorization: Bearer abc.def.ghijklmnop" https://api`, 'abc.def.ghijklmnop', 'https://api'],
  ['a Cookie header', 'Cookie: session=s3cr3tvalue; theme=dark\nnext line', 's3cr3tvalue', 'next line'],
  ['a bearer token alone', 'using Bearer qwertyuiop1234567890', 'qwertyuiop1234567890'],
  ['.env lines', 'DATABASE_PASSWORD=hunter2\nAPI_TOKEN="abc 123"\nPORT=8080', 'hunter2', 'PORT=8080'],
  ['an exported secret', 'export STRIPE_SECRET_KEY=whsec_0123', 'whsec_0123'],
  ['an inline assignment before a command', 'GITHUB_TOKEN=plainvalue npm publish', 'plainvalue', 'npm publish'],
  ['a --password flag', 'mysql --password=topsecret -u root', 'topsecret', '-u root'],
  ['JSON with a password key', '{"user": "bob", "password": "pa55w0rd"}', 'pa55w0rd', '"bob"'],
  ['a long hex value after a key name', `signing_key: ${HEX}`, HEX],
  ['a private key block', `before\n${PEM}\nafter`, 'MIIEow', 'after'],
  ['a private key cut off by truncation', `-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA`, 'b3BlbnNzaC1rZXktdjEAAAAA'],
  ['credentials in a URL', 'git clone https://bob:hunter22@example.com/repo.git', 'hunter22', 'example.com/repo.git'],
];

describe('redactText', () => {
  it.each(cases)('hides %s', (_name, input, secret, kept) => {
    const out = redactText(input);
    expect(out).not.toContain(secret);
    expect(out).toContain(REDACTED);
    if (kept) expect(out).toContain(kept);
  });

  it.each([
    'npm test -- --run shared/hooks',
    'Edit: src/app.ts',
    'the author of this change',
    'const tokens = tokenize(input);',
    'sort by key: name',
    'PORT=8080 HOST=127.0.0.1',
    'commit 4f2a9c1 fixes the build',
  ])('leaves ordinary text alone: %s', (text) => {
    expect(redactText(text)).toBe(text);
  });
});

describe('redactValue', () => {
  it('hides string values under secret keys, walks arrays and objects, keeps numbers', () => {
    const out = redactValue({
      command: `curl -H 'Authorization: token ${GH}'`,
      headers: { Authorization: 'anything at all', Accept: 'application/json' },
      env: [{ name: 'x', client_secret: 'shh' }],
      max_tokens: 4096,
      apiKey: 'k',
    });
    expect(out).toEqual({
      command: `curl -H 'Authorization: ${REDACTED}'`,
      headers: { Authorization: REDACTED, Accept: 'application/json' },
      env: [{ name: 'x', client_secret: REDACTED }],
      max_tokens: 4096,
      apiKey: REDACTED,
    });
  });
});
