import { describe, expect, it } from 'vitest';
import type { WindowSample } from '../../src/bench/pipelineHarness.js';
import { summarizeRound } from '../../src/bench/pipelineRound.js';

function sample(overrides: Partial<WindowSample>): WindowSample {
  return {
    camera: 'cam0',
    batchSize: 1,
    packMs: 0.5,
    inferMs: 1000,
    recognizeMs: 0.1,
    payloadMs: 0.2,
    publishMs: 0.2,
    latencyMs: 1500,
    publishedAt: 0,
    ...overrides,
  };
}

describe('summarizeRound', () => {
  const memory = { rssMiB: 700, peakRssMiB: 760 };

  it('turns window samples into rates, engine busy share, JS cost and per-camera CPU', () => {
    const round = summarizeRound({
      published: 6,
      samples: [sample({}), sample({ latencyMs: 2500 }), sample({ camera: 'cam1' }), sample({})],
      seconds: 5,
      cpuShares: new Map([
        [101, 0.04],
        [102, null],
      ]),
      pids: new Map([
        ['cam0', 101],
        ['cam1', 102],
      ]),
      framesBefore: new Map([
        ['cam0', 10],
        ['cam1', 0],
      ]),
      framesAfter: new Map([
        ['cam0', 47.5],
        ['cam1', 37.5],
      ]),
      skipped: 3,
      memory,
    });
    expect(round.published).toBe(6);
    expect(round.windows).toBe(4);
    expect(round.windowsPerS).toBeCloseTo(0.8);
    // Four 1000 ms runs in 5 s.
    expect(round.engineBusy).toBeCloseTo(0.8);
    expect(round.latencyMs.medianMs).toBe(1500);
    expect(round.latencyMs.maxMs).toBe(2500);
    expect(round.js.totalMs.medianMs).toBeCloseTo(1.0);
    expect(round.cameras).toEqual([
      { camera: 'cam0', ffmpegCpu: 0.04, framesPerS: 7.5 },
      { camera: 'cam1', ffmpegCpu: null, framesPerS: 7.5 },
    ]);
    expect(round.skipped).toBe(3);
    expect(round.memory).toEqual(memory);
  });

  it('counts a batch run once however many windows it carried', () => {
    const round = summarizeRound({
      published: 4,
      samples: [1, 2, 3, 4].map(() => sample({ batchSize: 4, inferMs: 2000 })),
      seconds: 4,
      cpuShares: new Map(),
      pids: new Map(),
      framesBefore: new Map(),
      framesAfter: new Map(),
      skipped: 0,
      memory,
    });
    expect(round.engineBusy).toBeCloseTo(0.5);
    expect(round.windowsPerS).toBeCloseTo(1);
  });

  it('refuses a round without windows or time', () => {
    const empty = {
      published: 0,
      samples: [],
      seconds: 1,
      cpuShares: new Map(),
      pids: new Map(),
      framesBefore: new Map(),
      framesAfter: new Map(),
      skipped: 0,
      memory,
    };
    expect(() => summarizeRound(empty)).toThrow(/at least one window/);
    expect(() => summarizeRound({ ...empty, samples: [sample({})], seconds: 0 })).toThrow(
      'a pipeline round needs a positive duration, got 0',
    );
  });
});
