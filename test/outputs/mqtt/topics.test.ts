import { describe, expect, it } from 'vitest';
import { RESERVED_CAMERA_NAMES } from '../../../src/config/schema/cameras.js';
import { FIXED_TOP_LEVELS, isTopicSafeName, Topics } from '../../../src/outputs/mqtt/topics.js';

describe('isTopicSafeName', () => {
  it.each(['cam1', 'front-door', 'gym_2', 'A', 'x'.repeat(64)])('accepts %j', (name) => {
    expect(isTopicSafeName(name)).toBe(true);
  });

  it.each([
    '',
    'a/b',
    'a+b',
    'a#',
    '+',
    'front door',
    'tab\tname',
    'nul\u0000',
    'caf\u00e9',
    'x'.repeat(65),
  ])('rejects %j', (name) => {
    expect(isTopicSafeName(name)).toBe(false);
  });
});

describe('Topics', () => {
  const topics = new Topics('actionwatch');

  it('builds the API topics of ARCHITECTURE.md', () => {
    expect(topics.bridgeState).toBe('actionwatch/bridge/state');
    expect(topics.events).toBe('actionwatch/events');
    expect(topics.alerts).toBe('actionwatch/alerts');
    expect(topics.homeAssistantStatus).toBe('homeassistant/status');
    expect(topics.availability('gym')).toBe('actionwatch/gym/availability');
    expect(topics.action('gym')).toBe('actionwatch/gym/action');
    expect(topics.snapshot('gym')).toBe('actionwatch/gym/snapshot');
    expect(topics.detectSet('gym')).toBe('actionwatch/gym/detect/set');
    expect(topics.detectState('gym')).toBe('actionwatch/gym/detect/state');
    expect(topics.detectSetFilter).toBe('actionwatch/+/detect/set');
  });

  it('accepts a multi-level prefix', () => {
    expect(new Topics('site/hall-1').action('cam')).toBe('site/hall-1/cam/action');
  });

  it('refuses a camera name that is not topic-safe, quoting it', () => {
    expect(() => topics.action('a/b')).toThrow('camera name "a/b" is not topic-safe');
    expect(() => topics.availability('#')).toThrow('"#"');
    expect(() => topics.detectSet('')).toThrow('camera name "" is not topic-safe');
  });

  it.each([
    ['', 'is empty'],
    ['aw/+', 'wildcard'],
    ['#', 'wildcard'],
    ['line\nbreak', 'control character'],
    ['$SYS', "starts with '$'"],
    ['/aw', 'empty level'],
    ['aw/', 'empty level'],
    ['a//b', 'empty level'],
  ])('refuses the prefix %j (%s)', (prefix, problem) => {
    expect(() => new Topics(prefix)).toThrow(`MQTT topic prefix ${JSON.stringify(prefix)}`);
    expect(() => new Topics(prefix)).toThrow(problem);
  });

  it('finds the camera a detect/set topic addresses', () => {
    expect(topics.cameraOfDetectSet('actionwatch/gym/detect/set')).toBe('gym');
    expect(topics.cameraOfDetectSet('actionwatch/gym/detect/state')).toBeUndefined();
    expect(topics.cameraOfDetectSet('other/gym/detect/set')).toBeUndefined();
    expect(topics.cameraOfDetectSet('actionwatch/a/b/detect/set')).toBeUndefined();
  });
});

describe('fixed top-level topics', () => {
  const topics = new Topics('aw');

  it('are every level the API itself uses right under the prefix', () => {
    const own = [topics.bridgeState, topics.events, topics.alerts, topics.ruleState('r')];
    const levels = new Set(own.map((topic) => topic.split('/')[1]));
    expect([...levels].sort()).toEqual([...FIXED_TOP_LEVELS].sort());
  });

  it('are the camera names the configuration reserves', () => {
    expect([...RESERVED_CAMERA_NAMES].sort()).toEqual([...FIXED_TOP_LEVELS].sort());
  });

  it('are refused as camera names, so a camera cannot take over their topics', () => {
    expect(() => topics.detectState('alerts')).toThrow(/topic level the API uses itself/);
    expect(topics.cameraOfDetectSet('aw/bridge/detect/set')).toBeUndefined();
  });
});
