import { describe, expect, it } from 'vitest';
import {
  describeFirstRunFailure,
  describeProviderFailure,
  planProviders,
} from '../../src/model/index.js';

const linuxX64 = [
  { name: 'cpu', bundled: true },
  { name: 'webgpu', bundled: true },
  { name: 'cuda', bundled: false },
  { name: 'tensorrt', bundled: false },
];

describe('planProviders', () => {
  it("keeps the user's order and ends with cpu", () => {
    expect(planProviders(['cuda', 'webgpu'], linuxX64)).toEqual({
      order: ['cuda', 'webgpu', 'cpu'],
      skipped: [],
    });
  });

  it('adds cpu when not requested and drops duplicates', () => {
    expect(planProviders(['webgpu', 'webgpu'], linuxX64).order).toEqual(['webgpu', 'cpu']);
    expect(planProviders([], linuxX64).order).toEqual(['cpu']);
  });

  it('stops at cpu, since nothing after it would be tried', () => {
    expect(planProviders(['cpu', 'webgpu'], linuxX64).order).toEqual(['cpu']);
  });

  it('skips providers this build lacks, saying which it has', () => {
    const macOs = [
      { name: 'cpu', bundled: true },
      { name: 'coreml', bundled: true },
    ];
    expect(planProviders(['cuda', 'tensorrt'], macOs)).toEqual({
      order: ['cpu'],
      skipped: [
        {
          provider: 'cuda',
          reason: 'this onnxruntime-node build does not support it (supported: cpu, coreml)',
        },
        {
          provider: 'tensorrt',
          reason: 'this onnxruntime-node build does not support it (supported: cpu, coreml)',
        },
      ],
    });
  });
});

describe('describeProviderFailure', () => {
  it('puts a multi-line native error on one line with a hint and what comes next', () => {
    const err = new Error(
      'webgpu_context.cc:136 Initialize\n  Failed to get a WebGPU adapter: No supported adapters\n',
    );
    expect(describeProviderFailure('webgpu', err, 'cpu')).toBe(
      "execution provider 'webgpu' failed to start: webgpu_context.cc:136 Initialize " +
        'Failed to get a WebGPU adapter: No supported adapters ' +
        '(webgpu needs a GPU with a Vulkan driver (mesa-vulkan-drivers or the vendor driver)); ' +
        "falling back to 'cpu'",
    );
  });

  it('caps very long errors and says when nothing is left', () => {
    const line = describeProviderFailure('cpu', 'x'.repeat(1000), undefined);
    expect(line).toBe(
      `execution provider 'cpu' failed to start: ${'x'.repeat(400)}…; no provider left to try`,
    );
  });
});

describe('describeFirstRunFailure', () => {
  const err = new Error('Conv3D does not support grouped convolution (group=16).');

  it('points a cpu graph on webgpu at the webgpu export', () => {
    expect(describeFirstRunFailure('webgpu', err, 'cpu', 'cpu')).toBe(
      "execution provider 'webgpu' started but failed its first run: " +
        'Conv3D does not support grouped convolution (group=16). ' +
        "(this model was exported for 'cpu'; export_mvit.py --target webgpu writes one webgpu runs, " +
        "see models/README.md); falling back to 'cpu'",
    );
  });

  it('gives no export hint when the graph is already the webgpu one', () => {
    expect(describeFirstRunFailure('webgpu', err, 'cpu', 'webgpu')).toBe(
      "execution provider 'webgpu' started but failed its first run: " +
        "Conv3D does not support grouped convolution (group=16).; falling back to 'cpu'",
    );
  });
});
