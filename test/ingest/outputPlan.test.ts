import { describe, expect, it } from 'vitest';
import {
  buildLiveOutputArgs,
  buildPassthroughOutputArgs,
  buildRecordOutputArgs,
  buildRegionOutputArgs,
  buildSnapshotOutputArgs,
  frameBytesFor,
  LIVE_FD,
  PASSTHROUGH_FD,
  type PassthroughOutput,
  PassthroughSwitch,
  REGION_FD_BASE,
  RecordingRun,
  SNAPSHOT_FD,
} from '../../src/ingest/index.js';
import { extraPipesFor, OutputPlan } from '../../src/ingest/outputPlan.js';
import { ArraySink, cameraConfig } from './helpers.js';

const output = { cropSize: 224, resizeShortSide: 256, fps: 7.5, scaleFlags: 'bilinear' };
const bytes = frameBytesFor(output.cropSize);
const jpegs = { fps: 1, width: 320, onJpeg: () => {} };
const regions = [
  { name: 'left', x: 0, y: 0, width: 0.5, height: 1 },
  { name: 'rack', x: 0.25, y: 0.5, width: 0.25, height: 0.5 },
].map((region) => ({ region, sink: new ArraySink(bytes) }));
const segments = { dir: '/c/run', segmentS: 1, codec: 'copy' as const };
const MUXER_FAILURE = '[mp4 @ 0x5581] Could not find tag for codec rawvideo in stream #0';

/** A passthrough that counts the runs it was told about. */
function passthroughOutput() {
  const seen = { runs: 0, reasons: [] as string[] };
  const output: PassthroughOutput = {
    runStarted: () => {
      seen.runs += 1;
    },
    push: () => {},
    unavailable: (reason) => seen.reasons.push(reason),
  };
  return { output, seen };
}

/** A camera with every extra output: snapshots, live, passthrough, 2 regions, recording. */
function fullPlan() {
  const { output: passthroughOut, seen } = passthroughOutput();
  const passthrough = new PassthroughSwitch(passthroughOut);
  let recordingPaused = false;
  const recording = {
    argsForRun: () => (recordingPaused ? [] : buildRecordOutputArgs(segments)),
    attach: () => {},
  };
  const plan = new OutputPlan({
    camera: cameraConfig(),
    output,
    sinkFrameBytes: bytes,
    snapshots: jpegs,
    live: jpegs,
    regions,
    passthrough,
    recording,
  });
  const pauseRecording = () => {
    recordingPaused = true;
  };
  return { plan, passthrough, seen, pauseRecording };
}

describe('the output plan of a camera’s ffmpeg runs', () => {
  it('gives every extra output its own fd: snapshots 3, live 4, passthrough 5, regions from 8', () => {
    const { plan } = fullPlan();
    const { pipes } = plan.forRun(new RecordingRun(0));
    expect(pipes).toEqual([
      { output: 'snapshots', fd: SNAPSHOT_FD },
      { output: 'live', fd: LIVE_FD },
      { output: 'passthrough', fd: PASSTHROUGH_FD },
      { output: 'region', index: 0, fd: REGION_FD_BASE },
      { output: 'region', index: 1, fd: REGION_FD_BASE + 1 },
    ]);
    expect(pipes.map(({ fd }) => fd)).toEqual([3, 4, 5, 8, 9]);
  });

  it('appends each output’s argv once, the fixed ones first, then passthrough and recording', () => {
    const { plan, seen } = fullPlan();
    const { args } = plan.forRun(new RecordingRun(0));
    const fixed = plan.fixedArgs();
    expect(args).toEqual([
      ...fixed,
      ...buildPassthroughOutputArgs(),
      ...buildRecordOutputArgs(segments),
    ]);
    // The fixed part ends with the regions', snapshots' and live view's outputs, in that order.
    const extras = [
      ...buildRegionOutputArgs(regions.map(({ region }) => region)),
      ...buildSnapshotOutputArgs(jpegs),
      ...buildLiveOutputArgs(jpegs),
    ];
    expect(fixed.slice(-extras.length)).toEqual(extras);
    expect(args.filter((arg) => arg.startsWith('pipe:'))).toEqual([
      'pipe:1',
      'pipe:8',
      'pipe:9',
      'pipe:3',
      'pipe:4',
      'pipe:5',
    ]);
    expect(seen.runs).toBe(1);
  });

  it('drops the passthrough’s argv and fd after the MP4 muxer failed, keeping every other fd', () => {
    const { plan, passthrough, seen } = fullPlan();
    plan.forRun(new RecordingRun(0));
    expect(passthrough.ruledOut(false, ['something else', MUXER_FAILURE])).toBe(true);
    const next = plan.forRun(new RecordingRun(1));
    expect(next.pipes.map(({ fd }) => fd)).toEqual([3, 4, 8, 9]);
    expect(next.args).not.toContain(`pipe:${PASSTHROUGH_FD}`);
    expect(next.args).toEqual([...plan.fixedArgs(), ...buildRecordOutputArgs(segments)]);
    expect(seen).toEqual({ runs: 1, reasons: [expect.stringContaining(MUXER_FAILURE)] });
  });

  it('keeps the passthrough after a failure that is not the muxer’s, or after frames came', () => {
    const { plan, passthrough } = fullPlan();
    plan.forRun(new RecordingRun(0));
    expect(passthrough.ruledOut(false, ['Connection refused'])).toBe(false);
    expect(passthrough.ruledOut(true, [MUXER_FAILURE])).toBe(false);
    expect(plan.forRun(new RecordingRun(1)).pipes.map(({ fd }) => fd)).toContain(PASSTHROUGH_FD);
  });

  it('leaves the recording out of a run while it is paused; it has no pipe of its own', () => {
    const { plan, pauseRecording } = fullPlan();
    const recording = plan.forRun(new RecordingRun(0));
    pauseRecording();
    const paused = plan.forRun(new RecordingRun(1));
    expect(paused.args).toEqual([...plan.fixedArgs(), ...buildPassthroughOutputArgs()]);
    expect(paused.pipes).toEqual(recording.pipes);
  });

  it('plans only stdout for a camera without extra outputs', () => {
    const plan = new OutputPlan({
      camera: cameraConfig(),
      output,
      sinkFrameBytes: bytes,
      passthrough: new PassthroughSwitch(undefined),
    });
    const { args, pipes } = plan.forRun(new RecordingRun(0));
    expect(pipes).toEqual([]);
    expect(args.filter((arg) => arg.startsWith('pipe:'))).toEqual(['pipe:1']);
  });

  it('refuses sizes that can never work before any run, quoting them', () => {
    const plan = new OutputPlan({
      camera: cameraConfig(),
      output,
      sinkFrameBytes: bytes - 1,
      passthrough: new PassthroughSwitch(undefined),
    });
    expect(() => plan.fixedArgs()).toThrow(/sink.frameBytes is 150527/);
  });

  it('assigns fds that do not depend on which other outputs a run carries', () => {
    expect(extraPipesFor({ snapshots: false, live: true, passthrough: false, regions: 1 })).toEqual(
      [
        { output: 'live', fd: LIVE_FD },
        { output: 'region', index: 0, fd: REGION_FD_BASE },
      ],
    );
  });
});
