import {
  type LumaGrid,
  lumaGridOf,
  MotionMeasure,
  subsampleLuma,
} from '../src/schedule/motion/index.js';

/** One way to get a luma plane for the measure, and what it costs per frame. */
export interface MotionCostCase {
  name: string;
  /** rgb24 frames from the ring (derive luma), or a luma plane ffmpeg already wrote. */
  input:
    | { kind: 'rgb'; size: number; step: number }
    | { kind: 'luma'; width: number; height: number };
}

export const MOTION_COST_CASES: readonly MotionCostCase[] = [
  { name: 'ring 224x224 rgb24, step 2 (112x112)', input: { kind: 'rgb', size: 224, step: 2 } },
  {
    name: 'ring 224x224 rgb24, step 4 (56x56, default)',
    input: { kind: 'rgb', size: 224, step: 4 },
  },
  { name: 'ring 224x224 rgb24, step 8 (28x28)', input: { kind: 'rgb', size: 224, step: 8 } },
  {
    name: 'extra gray output 96x54 (measure only)',
    input: { kind: 'luma', width: 96, height: 54 },
  },
];

/** Distinct frames cycled through, so the measure compares frames that really differ. */
const FRAME_COUNT = 8;

/**
 * CPU µs per frame of luma derivation plus measure, one sample per round (after a warm-up).
 * CPU time, not wall time: on a loaded machine the wall clock counts the time this process
 * waited for a core, which says nothing about what the measure costs.
 */
export function timeMotionCost(
  c: MotionCostCase,
  framesPerRound: number,
  rounds: number,
): number[] {
  const { frames, toLuma, grid } = prepare(c);
  const measure = new MotionMeasure({ grid, pixelThreshold: 20 });
  const perFrameUs: number[] = [];
  let sink = 0;
  for (let round = -1; round < rounds; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < framesPerRound; i++) {
      sink += measure.measure(toLuma(frames[i % FRAME_COUNT] as Uint8Array));
    }
    const used = process.cpuUsage(start);
    if (round >= 0) perFrameUs.push((used.user + used.system) / framesPerRound);
  }
  // Keeps the scores alive so the loop cannot be optimised away.
  if (Number.isNaN(sink)) throw new Error('motion score was NaN');
  return perFrameUs;
}

function prepare(c: MotionCostCase): {
  frames: Uint8Array[];
  toLuma: (frame: Uint8Array) => Uint8Array;
  grid: LumaGrid;
} {
  const input = c.input;
  if (input.kind === 'luma') {
    const grid = { width: input.width, height: input.height };
    return { frames: syntheticFrames(grid.width, grid.height, 1), toLuma: (f) => f, grid };
  }
  const grid = lumaGridOf(input.size, input.size, input.step);
  const luma = new Uint8Array(grid.width * grid.height);
  return {
    frames: syntheticFrames(input.size, input.size, 3),
    toLuma: (frame) => {
      subsampleLuma(frame, input.size, input.step, luma, grid);
      return luma;
    },
    grid,
  };
}

/** Grainy frames with a bright square that moves: the measure's branches both taken. */
function syntheticFrames(width: number, height: number, channels: number): Uint8Array[] {
  let seed = 12345;
  const random = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return seed / 2 ** 32;
  };
  return Array.from({ length: FRAME_COUNT }, (_, f) => {
    const frame = new Uint8Array(width * height * channels);
    for (let i = 0; i < frame.length; i++) frame[i] = 90 + Math.floor(random() * 40);
    const side = Math.floor(height / 4);
    const left = Math.floor(((width - side) * f) / FRAME_COUNT);
    for (let y = side; y < 2 * side; y++) {
      frame.fill(230, (y * width + left) * channels, (y * width + left + side) * channels);
    }
    return frame;
  });
}
