import { describe, expect, it } from 'vitest';
import { Subscriptions, topicMatches } from '../../../src/outputs/mqtt/index.js';

describe('topicMatches', () => {
  it.each([
    ['a/+/detect/set', 'a/cam1/detect/set', true],
    ['a/+/detect/set', 'a/cam1/detect/state', false],
    ['a/+/detect/set', 'a/x/y/detect/set', false],
    ['a/#', 'a', true],
    ['a/#', 'a/b/c', true],
    ['homeassistant/status', 'homeassistant/status', true],
    ['homeassistant/+/n/+/config', 'homeassistant/sensor/n/cam_action/config', true],
    ['+/status', '$SYS/status', false],
    ['a/b', 'a/b/c', false],
  ])('%s vs %s → %s', (filter, topic, expected) => {
    expect(topicMatches(filter, topic)).toBe(expected);
  });
});

describe('Subscriptions', () => {
  it('routes to every matching handler and reports one that throws without stopping the rest', () => {
    const errors: string[] = [];
    const seen: string[] = [];
    const subscriptions = new Subscriptions((_err, topic) => errors.push(topic));
    expect(subscriptions.add('p/+/detect/set', (topic) => seen.push(`a ${topic}`))).toBe(true);
    expect(
      subscriptions.add('p/+/detect/set', () => {
        throw new Error('boom');
      }),
    ).toBe(false);
    subscriptions.add('p/#', (topic, payload, retained) =>
      seen.push(`b ${topic} ${payload} ${retained}`),
    );
    subscriptions.dispatch('p/cam1/detect/set', Buffer.from('ON'), false);
    expect(seen).toEqual(['a p/cam1/detect/set', 'b p/cam1/detect/set ON false']);
    expect(errors).toEqual(['p/cam1/detect/set']);
    expect(subscriptions.filters).toEqual(['p/+/detect/set', 'p/#']);
  });
});
