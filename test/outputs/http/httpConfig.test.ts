import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, describeConfig, loadConfig } from '../../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from '../../config/workspace.js';

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function load(content: string, env: NodeJS.ProcessEnv = {}) {
  workspace.write('config.yml', `${ONE_FILE_CAMERA}\n${content}`);
  return loadConfig({ file: 'config.yml', env, cwd: workspace.dir });
}

function problems(content: string, env: NodeJS.ProcessEnv = {}): string[] {
  try {
    load(content, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

const TOKEN = 'h77p-T0ken-9c1d';

describe('http, outbox and health configuration', () => {
  it('defaults: HTTP on 127.0.0.1:8970 without a token, a bounded outbox, a 60 s inference limit', () => {
    const config = load('');
    expect(config.http).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 8970,
      token: '',
      trustProxy: [],
      secureCookies: 'auto',
    });
    expect(config.outbox).toEqual({ maxMessages: 10_000, maxBytes: 16 * 1024 * 1024 });
    expect(config.health).toEqual({ inferenceTimeoutMs: 60_000 });
  });

  it('reads the token from token_file, and the environment wins over it', () => {
    workspace.write('secrets/http', `${TOKEN}\n`);
    const fromFile = load('http: { token_file: secrets/http }');
    expect(fromFile.http.token).toBe(TOKEN);
    const fromEnv = load('http: { token_file: secrets/http }', {
      ACTIONWATCH_HTTP_TOKEN: 'env-token-123',
    });
    expect(fromEnv.http.token).toBe('env-token-123');
  });

  it('takes every key from the environment', () => {
    const config = load('', {
      ACTIONWATCH_HTTP_ENABLED: 'false',
      ACTIONWATCH_HTTP_HOST: '::1',
      ACTIONWATCH_HTTP_PORT: '9100',
      ACTIONWATCH_HTTP_TRUST_PROXY: '127.0.0.1, 10.0.0.0/8',
      ACTIONWATCH_HTTP_SECURE_COOKIES: 'always',
      ACTIONWATCH_OUTBOX_MAX_MESSAGES: '50',
      ACTIONWATCH_OUTBOX_MAX_BYTES: '65536',
      ACTIONWATCH_HEALTH_INFERENCE_TIMEOUT_MS: '5000',
    });
    expect(config.http).toMatchObject({
      enabled: false,
      host: '::1',
      port: 9100,
      trustProxy: ['127.0.0.1', '10.0.0.0/8'],
      secureCookies: 'always',
    });
    expect(config.outbox).toEqual({ maxMessages: 50, maxBytes: 65536 });
    expect(config.health.inferenceTimeoutMs).toBe(5000);
  });

  it('hides the token from check-config', () => {
    const config = load(`http: { token: ${TOKEN} }`);
    const described = JSON.stringify(describeConfig(config));
    expect(described).not.toContain(TOKEN);
    expect(describeConfig(config).http).toEqual({
      enabled: true,
      host: '127.0.0.1',
      port: 8970,
      token: '***',
      trustProxy: [],
      secureCookies: 'auto',
    });
  });

  it('reports every bad value at once, quoting it, and never the token', () => {
    const found = problems(`
http:
  host: "http://0.0.0.0:80"
  port: 70000
  token: ${TOKEN}
  token_file: missing.txt
  trust_proxy: [loopback, 10.0.0.0/33, proxy.lan, "::1/64", 10.1.2.3/8/9]
  secure_cookies: sometimes
outbox: { max_messages: 0, max_bytes: 10 }
health: { inference_timeout_ms: 5 }
`);
    expect(found).toEqual([
      'http.host: "http://0.0.0.0:80" is not an IP address or host name (no scheme, port or path)',
      'http.port: must be an integer from 1 to 65535, got 70000',
      'http.secure_cookies: must be one of "auto", "always", "never", got "sometimes"',
      'http.token_file: give either token or token_file, not both',
      'http.trust_proxy[1]: "10.0.0.0/33" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
      'http.trust_proxy[2]: "proxy.lan" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
      'http.trust_proxy[4]: "10.1.2.3/8/9" is not an IP address, a CIDR range (10.0.0.0/8) or one of loopback, linklocal, uniquelocal',
      'outbox.max_messages: must be an integer from 1 to 10000000, got 0',
      'outbox.max_bytes: must be an integer from 4096 to 1073741824, got 10',
      'health.inference_timeout_ms: must be an integer from 1000 to 3600000, got 5',
    ]);
    expect(found.join('\n')).not.toContain(TOKEN);
  });

  it('names a token_file that is missing', () => {
    expect(problems('http: { token_file: secrets/none }')).toEqual([
      `http.token_file: file not found: secrets/none (relative to ${workspace.dir})`,
    ]);
  });
});
