import { describe, expect, it } from 'vitest';
import { defaultIntraOpThreads, engineSessionOptions } from '../../src/model/index.js';

describe('engineSessionOptions', () => {
  it('keeps a configured thread count', () => {
    expect(engineSessionOptions(3).intraOpNumThreads).toBe(3);
  });

  it('sets one thread per physical core for threads: 0', () => {
    expect(engineSessionOptions(0).intraOpNumThreads).toBe(defaultIntraOpThreads());
  });

  it('turns the memory pattern off and optimizes the whole graph', () => {
    expect(engineSessionOptions(1)).toMatchObject({
      enableMemPattern: false,
      graphOptimizationLevel: 'all',
    });
  });
});

describe('engineSessionOptions thread spinning', () => {
  it("turns onnxruntime's thread spinning off", () => {
    expect(engineSessionOptions(2).extra).toEqual({
      session: { intra_op: { allow_spinning: '0' } },
    });
  });
});
