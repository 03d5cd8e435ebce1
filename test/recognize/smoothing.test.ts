import { describe, expect, it } from 'vitest';
import { CameraRecognizer, createSmoother, LabelFilter } from '../../src/recognize/index.js';

const probs = (...values: number[]) => Float32Array.from(values);

describe('createSmoother', () => {
  it.each([
    {
      name: 'mean of the last 3 windows',
      config: { method: 'mean', windows: 3, alpha: 0.5 } as const,
      inputs: [probs(1, 0), probs(0, 1), probs(0, 1), probs(0, 1)],
      expected: [
        [1, 0],
        [0.5, 0.5],
        [1 / 3, 2 / 3],
        [0, 1],
      ],
    },
    {
      name: 'mean of 1 window is no smoothing',
      config: { method: 'mean', windows: 1, alpha: 0.5 } as const,
      inputs: [probs(0.9, 0.1), probs(0.2, 0.8)],
      expected: [
        [0.9, 0.1],
        [0.2, 0.8],
      ],
    },
    {
      name: 'ema with alpha 0.5 takes the first window as it is',
      config: { method: 'ema', windows: 3, alpha: 0.5 } as const,
      inputs: [probs(1, 0), probs(0, 1), probs(0, 1)],
      expected: [
        [1, 0],
        [0.5, 0.5],
        [0.25, 0.75],
      ],
    },
  ])('$name', ({ config, inputs, expected }) => {
    const smoother = createSmoother(config, 2);
    const outputs = inputs.map((input) => [...smoother.push(input)]);
    outputs.forEach((output, i) => {
      output.forEach((value, j) => {
        expect(value).toBeCloseTo(expected[i]?.[j] as number, 6);
      });
    });
  });

  it('keeps the probabilities summing to 1', () => {
    const smoother = createSmoother({ method: 'mean', windows: 4, alpha: 0.5 }, 3);
    let out: Float32Array = new Float32Array(3);
    for (const input of [probs(0.7, 0.2, 0.1), probs(0.1, 0.1, 0.8), probs(0.3, 0.3, 0.4)]) {
      out = smoother.push(input);
    }
    expect(out.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
  });

  it('forgets everything on reset', () => {
    const smoother = createSmoother({ method: 'mean', windows: 3, alpha: 0.5 }, 2);
    smoother.push(probs(1, 0));
    smoother.reset();
    expect([...smoother.push(probs(0, 1))]).toEqual([0, 1]);
    expect(smoother.depth).toBe(1);
  });

  it('refuses a window of the wrong width, quoting both sizes', () => {
    const smoother = createSmoother({ method: 'ema', windows: 1, alpha: 0.3 }, 2);
    expect(() => smoother.push(probs(1, 0, 0))).toThrow('expected 2 probabilities, got 3');
  });
});

describe('CameraRecognizer', () => {
  const labels = ['abseiling', 'welding', 'yoga'];

  it('smooths, filters to the camera labels and keeps the model probabilities', () => {
    const recognizer = new CameraRecognizer(
      new LabelFilter(labels, [1, 2]),
      createSmoother({ method: 'mean', windows: 2, alpha: 0.5 }, 3),
      2,
      3,
    );
    // Window 1: abseiling wins, but the camera does not report it.
    const first = recognizer.recognize(Float32Array.from([Math.log(6), Math.log(3), Math.log(1)]));
    expect(first.label).toBe('welding');
    expect(first.score).toBeCloseTo(0.3, 5);
    expect(first.topK.map((s) => s.label)).toEqual(['welding', 'yoga']);
    // Window 2: yoga alone; the mean of two windows still has welding ahead.
    const second = recognizer.recognize(Float32Array.from([0, 0, Math.log(1e9)]));
    expect(second.windows).toBe(2);
    expect(second.topK[0]?.label).toBe('yoga');
    expect(second.topK[0]?.score).toBeCloseTo(0.55, 5);
    expect(second.atLeast(0.1).map((s) => s.label)).toEqual(['yoga', 'welding']);
  });
});
