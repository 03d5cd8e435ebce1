import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { createWorkspace, ONE_FILE_CAMERA, type Workspace } from './workspace.js';

/** A self-signed certificate with its key, and a second key that does not belong to it. */
const pem = { cert: '', key: '', otherKey: '' };

beforeAll(() => {
  const made = createWorkspace([]);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'ignore' });
  const path = (name: string) => join(made.dir, name);
  openssl(
    ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'],
    ...['-keyout', path('key.pem'), '-out', path('cert.pem'), '-days', '2', '-subj', '/CN=aw'],
  );
  openssl('genpkey', '-algorithm', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', path('k2'));
  pem.cert = readFileSync(path('cert.pem'), 'utf8');
  pem.key = readFileSync(path('key.pem'), 'utf8');
  pem.otherKey = readFileSync(path('k2'), 'utf8');
  made.remove();
});

let workspace: Workspace;

beforeEach(() => {
  workspace = createWorkspace();
  workspace.write('clip.mp4', '');
});

afterEach(() => workspace.remove());

function problemsOf(content: string, env: NodeJS.ProcessEnv = {}): string[] {
  workspace.write('config.yml', `${content}\n${ONE_FILE_CAMERA}`);
  try {
    loadConfig({ file: 'config.yml', env, cwd: workspace.dir });
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError, but the configuration loaded');
}

describe('broker TLS files', () => {
  it('checks them for an mqtts:// url even without tls.enabled', () => {
    expect(problemsOf('mqtt: { url: "mqtts://broker", tls: { ca_file: certs/ca.pem } }')).toEqual([
      expect.stringMatching(/^mqtt\.tls\.ca_file: file not found: certs\/ca\.pem/),
    ]);
  });

  it('wants the key with the certificate for an mqtts:// url', () => {
    workspace.write('certs/client.pem', pem.cert);
    const tls = '{ cert_file: certs/client.pem }';
    expect(problemsOf(`mqtt: { url: "mqtts://broker", tls: ${tls} }`)).toEqual([
      'mqtt.tls: cert_file and key_file go together: give both or neither',
    ]);
  });

  it('reports every unusable file at once', () => {
    workspace.write('certs/ca.pem', 'not a certificate');
    workspace.write('certs/client.pem', pem.cert);
    workspace.write('certs/client.key', 'not a key either');
    const tls =
      '{ enabled: true, ca_file: certs/ca.pem, cert_file: certs/client.pem, key_file: certs/client.key }';
    expect(problemsOf(`mqtt: { url: "mqtts://broker", tls: ${tls} }`)).toEqual([
      'mqtt.tls.ca_file: holds no PEM certificate',
      expect.stringMatching(
        /^mqtt\.tls\.key_file: is not a usable private key \(unencrypted PEM\): ERR_/,
      ),
    ]);
  });

  it('reports a key that does not belong to the certificate', () => {
    workspace.write('certs/client.pem', pem.cert);
    workspace.write('certs/client.key', pem.otherKey);
    const tls = '{ cert_file: certs/client.pem, key_file: certs/client.key }';
    expect(problemsOf(`mqtt: { url: "wss://broker/mqtt", tls: ${tls} }`)).toEqual([
      'mqtt.tls.key_file: does not belong to the certificate in cert_file',
    ]);
  });

  it('accepts a certificate with its own key and a CA', () => {
    workspace.write('certs/ca.pem', pem.cert);
    workspace.write('certs/client.pem', pem.cert);
    workspace.write('certs/client.key', pem.key);
    const tls =
      '{ ca_file: certs/ca.pem, cert_file: certs/client.pem, key_file: certs/client.key }';
    workspace.write(
      'config.yml',
      `mqtt: { url: "mqtts://broker", tls: ${tls} }\n${ONE_FILE_CAMERA}`,
    );
    const config = loadConfig({ file: 'config.yml', env: {}, cwd: workspace.dir });
    expect(config.mqtt.tls.keyFile).toBe(join(workspace.dir, 'certs/client.key'));
  });
});

describe('ffmpeg.path', () => {
  it('reports a bare name that is on no PATH folder', () => {
    const env = { PATH: join(workspace.dir, 'bin') };
    expect(problemsOf('ffmpeg: { path: ffmpeg-nowhere }', env)).toEqual([
      `ffmpeg.path: "ffmpeg-nowhere" is not an executable in any PATH folder (PATH="${env.PATH}"); give its full path or install it`,
    ]);
  });

  it('finds a bare name on PATH', () => {
    chmodSync(workspace.write('bin/myffmpeg', '#!/bin/sh\n'), 0o755);
    workspace.write('config.yml', `ffmpeg: { path: myffmpeg }\n${ONE_FILE_CAMERA}`);
    const env = { PATH: `/nonexistent:${join(workspace.dir, 'bin')}` };
    const config = loadConfig({ file: 'config.yml', env, cwd: workspace.dir });
    expect(config.ffmpeg.path).toBe('myffmpeg');
  });

  it('reports a file that is not executable, from the environment too', () => {
    chmodSync(workspace.write('bin/ffmpeg', '#!/bin/sh\n'), 0o644);
    const env = { ACTIONWATCH_FFMPEG_PATH: 'bin/ffmpeg' };
    expect(problemsOf('', env)).toEqual([
      'ffmpeg.path: "bin/ffmpeg" is not an executable file (chmod +x, or a noexec mount?)',
    ]);
  });
});
