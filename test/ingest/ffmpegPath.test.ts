import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegStaticBinary, findOnPath, resolveFfmpegPath } from '../../src/ingest/index.js';

const executables = new Set([
  '/opt/ffmpeg/bin/ffmpeg',
  '/env/ffmpeg',
  '/static/ffmpeg',
  '/usr/bin/ffmpeg',
]);
const isExecutable = (path: string) => executables.has(path);
const noStatic = () => null;
const noWhich = () => null;

describe('resolveFfmpegPath', () => {
  it('takes the configured path first', () => {
    const resolved = resolveFfmpegPath({
      configured: '/opt/ffmpeg/bin/ffmpeg',
      env: { FFMPEG_PATH: '/env/ffmpeg' },
      ffmpegStatic: () => '/static/ffmpeg',
      which: () => '/usr/bin/ffmpeg',
      isExecutable,
    });
    expect(resolved).toEqual({ path: '/opt/ffmpeg/bin/ffmpeg', from: 'config' });
  });

  it('looks a configured bare name up on PATH', () => {
    const resolved = resolveFfmpegPath({
      configured: 'ffmpeg5',
      env: {},
      which: (bin) => (bin === 'ffmpeg5' ? '/usr/bin/ffmpeg' : null),
      isExecutable,
    });
    expect(resolved).toEqual({ path: '/usr/bin/ffmpeg', from: 'config' });
  });

  it('refuses a configured path that is not executable instead of falling back', () => {
    const resolve = () =>
      resolveFfmpegPath({
        configured: '/nope/ffmpeg',
        env: { FFMPEG_PATH: '/env/ffmpeg' },
        which: noWhich,
        isExecutable,
      });
    expect(resolve).toThrow("ffmpeg.path '/nope/ffmpeg' is not an executable file");
  });

  it('takes FFMPEG_PATH second', () => {
    const resolved = resolveFfmpegPath({
      configured: '',
      env: { FFMPEG_PATH: '/env/ffmpeg' },
      ffmpegStatic: () => '/static/ffmpeg',
      which: () => '/usr/bin/ffmpeg',
      isExecutable,
    });
    expect(resolved).toEqual({ path: '/env/ffmpeg', from: 'FFMPEG_PATH' });
    const bad = { configured: '', env: { FFMPEG_PATH: '/bad' }, which: noWhich, isExecutable };
    expect(() => resolveFfmpegPath(bad)).toThrow("FFMPEG_PATH '/bad'");
  });

  it('takes the ffmpeg-static binary third', () => {
    const resolved = resolveFfmpegPath({
      configured: '',
      env: { FFMPEG_PATH: '' },
      ffmpegStatic: () => '/static/ffmpeg',
      which: () => '/usr/bin/ffmpeg',
      isExecutable,
    });
    expect(resolved).toEqual({ path: '/static/ffmpeg', from: 'ffmpeg-static' });
  });

  it('takes ffmpeg on PATH last', () => {
    const resolved = resolveFfmpegPath({
      configured: '',
      env: {},
      ffmpegStatic: noStatic,
      which: (bin) => (bin === 'ffmpeg' ? '/usr/bin/ffmpeg' : null),
      isExecutable,
    });
    expect(resolved).toEqual({ path: '/usr/bin/ffmpeg', from: 'PATH' });
  });

  it('says what it tried when there is no ffmpeg anywhere', () => {
    const resolve = () =>
      resolveFfmpegPath({
        configured: '',
        env: { PATH: '/nowhere' },
        ffmpegStatic: noStatic,
        which: noWhich,
      });
    expect(resolve).toThrow(/ffmpeg.path.*FFMPEG_PATH.*ffmpeg-static.*PATH '\/nowhere'/);
  });

  it('finds the real ffmpeg of this machine through PATH by default', () => {
    const resolved = resolveFfmpegPath({
      configured: '',
      env: { PATH: '/usr/local/nonexistent:/usr/bin' },
      ffmpegStatic: noStatic,
    });
    expect(resolved).toEqual({ path: '/usr/bin/ffmpeg', from: 'PATH' });
  });
});

describe('ffmpegStaticBinary', () => {
  it('is null when the package is not installed', () => {
    const load = () => {
      throw Object.assign(new Error("Cannot find module 'ffmpeg-static'"), {
        code: 'MODULE_NOT_FOUND',
      });
    };
    expect(ffmpegStaticBinary(load, isExecutable)).toBeNull();
  });

  it('is null when the package is there but its download failed', () => {
    expect(ffmpegStaticBinary(() => '/static/missing', isExecutable)).toBeNull();
    expect(ffmpegStaticBinary(() => null, isExecutable)).toBeNull();
  });

  it('is the binary when package and file are there', () => {
    expect(ffmpegStaticBinary(() => '/static/ffmpeg', isExecutable)).toBe('/static/ffmpeg');
  });
});

describe('findOnPath', () => {
  const dir = mkdtempSync(join(tmpdir(), 'aw-path-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds executable files only, skipping empty and relative entries', () => {
    writeFileSync(join(dir, 'tool'), '#!/bin/sh\n');
    chmodSync(join(dir, 'tool'), 0o755);
    writeFileSync(join(dir, 'plain'), 'not executable');
    expect(findOnPath('tool', `:relative:${dir}`)).toBe(join(dir, 'tool'));
    expect(findOnPath('plain', dir)).toBeNull();
    expect(findOnPath('tool', 'relative')).toBeNull();
  });
});
