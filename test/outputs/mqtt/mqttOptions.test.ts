import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildMqttOptions, usesTls } from '../../../src/outputs/mqtt/mqttOptions.js';
import { Topics } from '../../../src/outputs/mqtt/topics.js';
import { mqttConfig } from './support.js';

const topics = new Topics('aw');
const noFiles = (path: string): Buffer => {
  throw new Error(`ENOENT: no such file or directory, open '${path}'`);
};
const fakeFiles = (path: string): Buffer => Buffer.from(`contents of ${path}`);

describe('buildMqttOptions', () => {
  it('sets session, retry pace, no qos 0 queue and the retained offline LWT', () => {
    const options = buildMqttOptions(mqttConfig({ clientId: 'aw-1', keepaliveS: 45 }), topics);
    expect(options).toEqual({
      clientId: 'aw-1',
      keepalive: 45,
      protocolVersion: 4,
      clean: true,
      reconnectPeriod: 2000,
      connectTimeout: 10_000,
      reconnectOnConnackError: true,
      queueQoSZero: false,
      will: { topic: 'aw/bridge/state', payload: '{"state":"offline"}', qos: 1, retain: true },
    });
  });

  it('passes credentials only when set', () => {
    const withAuth = buildMqttOptions(mqttConfig({ username: 'u', password: 'p' }), topics);
    expect(withAuth).toMatchObject({ username: 'u', password: 'p' });
    const anonymous = buildMqttOptions(mqttConfig(), topics, noFiles);
    expect(anonymous).not.toHaveProperty('username');
    expect(anonymous).not.toHaveProperty('password');
    expect(anonymous).not.toHaveProperty('clientId');
  });

  it('reads the TLS files and upgrades mqtt:// when tls.enabled', () => {
    const tls = {
      enabled: true,
      caFile: '/etc/ca.pem',
      certFile: '/etc/c.pem',
      keyFile: '/etc/k.pem',
      rejectUnauthorized: false,
    };
    const options = buildMqttOptions(mqttConfig({ tls }), topics, fakeFiles);
    expect(options.protocol).toBe('mqtts');
    expect(options.rejectUnauthorized).toBe(false);
    expect(options.ca?.toString()).toBe('contents of /etc/ca.pem');
    expect(options.cert?.toString()).toBe('contents of /etc/c.pem');
    expect(options.key?.toString()).toBe('contents of /etc/k.pem');
  });

  it('uses TLS for an mqtts:// URL without tls.enabled, keeping its scheme', () => {
    const config = mqttConfig({ url: 'mqtts://broker:8883' });
    config.tls.caFile = '/etc/ca.pem';
    expect(usesTls(config)).toBe(true);
    const options = buildMqttOptions(config, topics, fakeFiles);
    expect(options.protocol).toBeUndefined();
    expect(options.rejectUnauthorized).toBe(true);
    expect(options.ca?.toString()).toBe('contents of /etc/ca.pem');
  });

  it('ignores TLS files for a plain connection', () => {
    const config = mqttConfig();
    config.tls.caFile = '/etc/ca.pem';
    expect(usesTls(config)).toBe(false);
    const options = buildMqttOptions(config, topics, noFiles);
    expect(options).not.toHaveProperty('ca');
    expect(options).not.toHaveProperty('rejectUnauthorized');
  });

  it('names the field and quotes the path of an unreadable TLS file', () => {
    const config = mqttConfig({ url: 'mqtts://broker' });
    config.tls.caFile = '/missing/ca.pem';
    expect(() => buildMqttOptions(config, topics, noFiles)).toThrow(
      'mqtt.tls.caFile: cannot read "/missing/ca.pem": ENOENT',
    );
  });

  it('reads TLS files with the size bound of the configuration', () => {
    const dir = mkdtempSync(join(tmpdir(), 'actionwatch-tls-'));
    try {
      const config = mqttConfig({ url: 'mqtts://broker' });
      config.tls.caFile = join(dir, 'huge.pem');
      writeFileSync(config.tls.caFile, Buffer.alloc(2 * 1024 * 1024, 0x41));
      expect(() => buildMqttOptions(config, topics)).toThrow(
        /^mqtt\.tls\.caFile: cannot read ".*huge\.pem": is 2097152 bytes; the limit is 1048576 bytes/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a client certificate without its key', () => {
    const config = mqttConfig({ url: 'mqtts://broker' });
    config.tls.certFile = '/etc/c.pem';
    expect(() => buildMqttOptions(config, topics, fakeFiles)).toThrow('keyFile ""');
  });
});
