import { describe, expect, it } from 'vitest';
import { overallRatios, pairRound } from '../../bench/pipeline.js';
import type { WindowSample } from '../../bench/pipelineHarness.js';
import { cyclesPerWindow, summarizeRound } from '../../bench/pipelineRound.js';
import { summarize } from '../../bench/stats.js';

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

type RoundInput = Parameters<typeof summarizeRound>[0];

/** A round's input without windows, cameras or CPU figures, with `overrides` on top. */
function roundInput(overrides: Partial<RoundInput>): RoundInput {
  return {
    published: 0,
    samples: [],
    seconds: 1,
    cpuShares: new Map(),
    pids: new Map(),
    framesBefore: new Map(),
    framesAfter: new Map(),
    skipped: 0,
    mainThreadCpuMs: 0,
    memory: { rssMiB: 1, peakRssMiB: 1 },
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
      mainThreadCpuMs: 100,
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
    expect(round.mainThreadCpu).toBeCloseTo(0.02);
    expect(round.memory).toEqual(memory);
  });

  it('counts a batch run once however many windows it carried', () => {
    const round = summarizeRound(
      roundInput({
        published: 4,
        samples: [1, 2, 3, 4].map(() => sample({ batchSize: 4, inferMs: 2000 })),
        seconds: 4,
      }),
    );
    expect(round.engineBusy).toBeCloseTo(0.5);
    expect(round.windowsPerS).toBeCloseTo(1);
  });

  it('refuses a round without windows or time', () => {
    const empty = roundInput({});
    expect(() => summarizeRound(empty)).toThrow(/at least one window/);
    expect(() => summarizeRound({ ...empty, samples: [sample({})], seconds: 0 })).toThrow(
      'a pipeline round needs a positive duration, got 0',
    );
  });
});

/** A round of `windows` identical windows in `seconds`, no cameras or CPU figures. */
function plainRound(windows: number, seconds: number) {
  return summarizeRound(
    roundInput({
      published: windows,
      samples: Array.from({ length: windows }, () => sample({})),
      seconds,
    }),
  );
}

describe('window cycles and overall ratios', () => {
  it('measures the gap between published batches, per window of the batch', () => {
    const cycles = cyclesPerWindow([
      sample({ publishedAt: 1000 }),
      sample({ publishedAt: 2300 }),
      sample({ publishedAt: 4800, batchSize: 2 }),
      sample({ publishedAt: 4800, batchSize: 2 }),
    ]);
    expect(cycles?.minMs).toBe(1250);
    expect(cycles?.maxMs).toBe(1300);
    expect(cyclesPerWindow([sample({})])).toBeNull();
  });

  it('pools rounds and compares the least disturbed runs', () => {
    const round = (bareMs: number[], windows: number, seconds: number, cycleMs: number[]) => {
      const pipeline = plainRound(windows, seconds);
      return {
        pipeline: { ...pipeline, cycleMsPerWindow: summarize(cycleMs) },
        bare: summarize(bareMs),
        bareBesideDecode: summarize(bareMs),
        ratio: 0,
        ratioBesideDecode: 0,
      };
    };
    // 8 windows in 10 s against 4 bare runs in 4.8 s; best 1150 ms bare against 1200 ms.
    const ratios = overallRatios([
      round([1150, 1250], 4, 5, [1200, 1300]),
      round([1200, 1200], 4, 5, [1250]),
    ]);
    expect(ratios.pooledRatio).toBeCloseTo(0.8 / (4 / 4.8));
    expect(ratios.bestRatio).toBeCloseTo(1150 / 1200);
  });

  it('divides the pipeline windows/s by bare clips/s, alone and beside decoding', () => {
    const pipeline = plainRound(4, 5);
    // 0.8 windows/s against 1 clip/s alone and 0.9 clips/s beside decoding.
    const pair = pairRound({
      kind: 'round',
      pipeline,
      bare: summarize([1000, 1000]),
      bareBesideDecode: summarize([1100, 1125, 1111.1]),
    });
    expect(pair.ratio).toBeCloseTo(0.8);
    expect(pair.ratioBesideDecode).toBeCloseTo(0.8 / 0.9, 3);
  });
});
