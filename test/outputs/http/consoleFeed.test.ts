import { describe, expect, it } from 'vitest';
import { ResultBus } from '../../../src/core/index.js';
import { silentLogger } from '../../../src/log/index.js';
import {
  RECENT_ITEMS,
  STATS_EVERY_MS,
  TIMELINE_WINDOWS,
} from '../../../src/outputs/http/console/consoleFeed.js';
import { ConsoleFeed, type FeedMessage } from '../../../src/outputs/http/index.js';
import type { SmoothedRecognition } from '../../../src/recognize/index.js';
import { ManualClock } from '../../helpers/manualClock.js';

const T0 = Date.parse('2026-01-05T10:00:00Z');

function feedOnBus() {
  const bus = new ResultBus(silentLogger());
  const clock = new ManualClock(T0);
  let statsCalls = 0;
  const feed = new ConsoleFeed({
    bus,
    cameras: ['door'],
    model: { name: 'tiny', weights: 'random', randomWeights: true, frames: 4, fps: 7.5 },
    rules: () => [],
    detecting: () => true,
    clock,
    cameraStats: () => {
      statsCalls += 1;
      return [{ name: 'door', fps: 7.5 }];
    },
  });
  feed.start();
  return { bus, clock, feed, statsCalls: () => statsCalls };
}

function recognition(label: string, score: number): SmoothedRecognition {
  return { label, score, topK: [{ label, score }], windows: 1, atLeast: () => [] };
}

describe('ConsoleFeed', () => {
  it('keeps each camera’s latest window and a bounded timeline, as the MQTT payload has it', () => {
    const { bus, feed } = feedOnBus();
    const received: FeedMessage[] = [];
    feed.subscribe((message) => received.push(message));
    for (let i = 0; i < TIMELINE_WINDOWS + 20; i++) {
      bus.emit('window', {
        camera: 'door',
        recognition: recognition(i % 2 === 0 ? 'squat' : 'lunge', 0.5),
        labelsFrom: 'tiny',
        firstFrameMs: T0 + i * 1000,
        lastFrameMs: T0 + i * 1000 + 400,
        inferenceMs: 12,
        dueAtMs: T0 + i * 1000 + 400,
        timeMs: T0 + i * 1000 + 500,
      });
    }
    const [camera] = feed.snapshot().cameras as Array<Record<string, unknown>>;
    expect(camera?.timeline).toHaveLength(TIMELINE_WINDOWS);
    expect(camera?.window).toMatchObject({
      camera: 'door',
      label: 'lunge',
      random_weights: true,
      note: 'model has random weights: labels are not recognitions',
    });
    expect(received).toHaveLength(TIMELINE_WINDOWS + 20);
    expect(received[0]).toMatchObject({ type: 'window', camera: 'door' });
  });

  it('keeps the newest events and alerts only', () => {
    const { bus, feed } = feedOnBus();
    for (let i = 0; i < RECENT_ITEMS + 5; i++) {
      const event = {
        id: `e${i}`,
        camera: 'door',
        label: 'squat',
        score: 0.6,
        topScore: 0.7,
        startMs: T0,
        lastSeenMs: T0,
        endMs: null,
        window: { startMs: T0, endMs: T0 + 2000 },
        head: null,
      };
      bus.emit('event', { type: 'new', event });
    }
    const items = feed.recentItems();
    expect(items).toHaveLength(RECENT_ITEMS);
    expect(items.at(-1)?.data).toMatchObject({ id: `e${RECENT_ITEMS + 4}`, type: 'new' });
  });

  it('keeps a region’s windows apart from the whole frame’s', () => {
    const { bus, feed } = feedOnBus();
    const received: FeedMessage[] = [];
    feed.subscribe((message) => received.push(message));
    bus.emit('window', {
      camera: 'door',
      region: 'porch',
      recognition: recognition('squat', 0.5),
      labelsFrom: 'tiny',
      firstFrameMs: T0,
      lastFrameMs: T0 + 400,
      inferenceMs: 12,
      dueAtMs: T0 + 400,
      timeMs: T0 + 500,
    });
    const [camera] = feed.snapshot().cameras as Array<Record<string, unknown>>;
    expect(camera?.window).toBeNull();
    expect(camera?.timeline).toEqual([]);
    expect(camera?.regions).toMatchObject({ porch: { region: 'porch', label: 'squat' } });
    expect(received[0]).toMatchObject({
      type: 'window',
      camera: 'door',
      data: { region: 'porch' },
    });
  });

  it('gives an ended event’s clip a URL on this daemon', () => {
    const { bus, feed } = feedOnBus();
    const event = {
      id: 'e1',
      camera: 'door',
      label: 'squat',
      score: 0.6,
      topScore: 0.7,
      startMs: T0,
      lastSeenMs: T0 + 2000,
      endMs: T0 + 2000,
      window: { startMs: T0, endMs: T0 + 2000 },
      head: null,
    };
    const clip = {
      status: 'ready' as const,
      path: '/var/lib/actionwatch/clips/door/20261127T080000Z-e1.mp4',
      url: 'http://nvr.local:8080/api/clips/door/20261127T080000Z-e1.mp4',
      startMs: T0 - 5000,
      endMs: T0 + 7000,
      durationMs: 12000,
      bytes: 1000,
    };
    bus.emit('event', { type: 'end', event, reason: 'gap', clip });
    expect(feed.recentItems().at(-1)?.data).toMatchObject({
      type: 'end',
      clip: { status: 'ready', url: '/api/clips/door/20261127T080000Z-e1.mp4' },
    });
  });

  it('pushes the cameras’ counters on a beat only while someone listens', () => {
    const { clock, feed, statsCalls } = feedOnBus();
    clock.advance(STATS_EVERY_MS * 3);
    expect(statsCalls()).toBe(0);
    const received: FeedMessage[] = [];
    const unsubscribe = feed.subscribe((message) => received.push(message));
    clock.advance(STATS_EVERY_MS * 2);
    expect(received.map((m) => m.type)).toEqual(['stats', 'stats']);
    unsubscribe();
    clock.advance(STATS_EVERY_MS * 3);
    expect(received).toHaveLength(2);
  });
});
