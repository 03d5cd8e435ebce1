import { describe, expect, it } from 'vitest';
import {
  CameraRecognition,
  CameraRecognizer,
  createSmoother,
  type EmbeddingHead,
  LabelFilter,
} from '../../src/recognize/index.js';

const MODEL_LABELS = ['abseiling', 'welding', 'texting'];
const HEAD_LABELS = ['background', 'guard_open', 'welding'];
const NO_SMOOTHING = { method: 'mean', windows: 1, alpha: 1 } as const;

function recognizer(labels: readonly string[], silent: string[] = []): CameraRecognizer {
  const smoother = createSmoother(NO_SMOOTHING, labels.length);
  return new CameraRecognizer(new LabelFilter(labels), smoother, 2, labels.length, new Set(silent));
}

/** The embedding's values are the head's logits: the test picks the winner directly. */
const passThrough: EmbeddingHead = { name: 'dock', logits: (embedding) => embedding.slice() };

const logits = (...values: number[]) => Float32Array.from(values);

describe('CameraRecognition', () => {
  const both = () =>
    new CameraRecognition(
      { labelsFrom: 'mvit_tiny', recognizer: recognizer(MODEL_LABELS) },
      { scorer: passThrough, recognizer: recognizer(HEAD_LABELS, ['background']) },
    );

  it("shows the head's labels first and keeps the model's alongside", () => {
    const camera = both();
    expect(camera.needsEmbedding).toBe(true);
    const result = camera.recognize(logits(0, 9, 0), logits(0, 9, 0));
    expect(result.primary).toMatchObject({ labelsFrom: 'dock', head: 'dock' });
    expect(result.primary.recognition.label).toBe('guard_open');
    expect(result.alongside).toMatchObject({ labelsFrom: 'mvit_tiny', head: null });
    expect(result.alongside?.recognition.label).toBe('welding');
  });

  it('holds the labels of both sources, each marked with its head', () => {
    const held = both()
      .recognize(logits(0, 9, 0), logits(0, 9, 0))
      .atLeast(0.5)
      .map(({ label, head }) => `${head ?? 'model'}:${label}`);
    expect(held).toEqual(['dock:guard_open', 'model:welding']);
  });

  it('never holds the background: it shows, but makes no event', () => {
    const result = both().recognize(logits(0, 0, 0), logits(9, 0, 0));
    expect(result.primary.recognition.label).toBe('background');
    expect(result.atLeast(0.001).every((s) => s.label !== 'background')).toBe(true);
  });

  it('reports only the head when the model labels are not kept', () => {
    const camera = new CameraRecognition(null, {
      scorer: passThrough,
      recognizer: recognizer(HEAD_LABELS, ['background']),
    });
    const result = camera.recognize(logits(9, 0, 0), logits(0, 0, 9));
    expect(result.alongside).toBeNull();
    expect(result.atLeast(0.5)).toEqual([
      { label: 'welding', score: expect.any(Number), head: 'dock' },
    ]);
  });

  it('without a head needs no embedding and shows the model labels', () => {
    const camera = new CameraRecognition(
      { labelsFrom: 'mvit_tiny', recognizer: recognizer(MODEL_LABELS) },
      null,
    );
    expect(camera.needsEmbedding).toBe(false);
    const result = camera.recognize(logits(9, 0, 0), undefined);
    expect(result.primary).toMatchObject({ labelsFrom: 'mvit_tiny', head: null });
    expect(result.alongside).toBeNull();
  });

  it('refuses a window without the embedding its head needs', () => {
    expect(() => both().recognize(logits(0, 0, 0), undefined)).toThrow(
      /head 'dock' needs the clip embedding/,
    );
  });

  it('smooths each source on its own and resets both', () => {
    const smoothed = (windows: number) =>
      new CameraRecognizer(
        new LabelFilter(HEAD_LABELS),
        createSmoother({ ...NO_SMOOTHING, windows }, 3),
        3,
        3,
      );
    const camera = new CameraRecognition(
      { labelsFrom: 'm', recognizer: smoothed(2) },
      { scorer: passThrough, recognizer: smoothed(2) },
    );
    camera.recognize(logits(9, 0, 0), logits(9, 0, 0));
    expect(camera.recognize(logits(9, 0, 0), logits(0, 9, 0)).primary.recognition.windows).toBe(2);
    camera.reset();
    const after = camera.recognize(logits(9, 0, 0), logits(0, 9, 0));
    expect(after.primary.recognition.windows).toBe(1);
    expect(after.alongside?.recognition.windows).toBe(1);
  });
});
