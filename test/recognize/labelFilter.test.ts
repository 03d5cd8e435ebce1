import { describe, expect, it } from 'vitest';
import { LabelFilter, LabelIndex, UnknownLabelError } from '../../src/recognize/index.js';

const labels = ['arm wrestling', 'welding', 'yoga'];

describe('LabelIndex', () => {
  it.each([
    ['arm wrestling', 0],
    ['arm_wrestling', 0],
    ['Arm Wrestling', 0],
    ['  welding ', 1],
  ])('finds %j', (given, index) => {
    expect(new LabelIndex(labels).indexOf(given)).toBe(index);
  });

  it('names every unknown label and where it was configured', () => {
    const index = new LabelIndex(labels);
    expect(() => index.resolve(['welding', 'weldin', 'jogging'], 'cameras[1].labels')).toThrow(
      new UnknownLabelError(
        'cameras[1].labels: "weldin", "jogging" are not labels of the model (it has 3 labels, e.g. "arm wrestling")',
      ),
    );
  });

  it('resolves to unique class indices', () => {
    expect(new LabelIndex(labels).resolve(['yoga', 'Yoga', 'welding'], 'x')).toEqual([2, 1]);
  });
});

describe('LabelFilter', () => {
  const scores = [0.5, 0.3, 0.2];

  it('without labels reports every class, best first', () => {
    expect(new LabelFilter(labels).topK(scores, 2)).toEqual([
      { label: 'arm wrestling', score: 0.5 },
      { label: 'welding', score: 0.3 },
    ]);
  });

  it('with labels reports only those, with unchanged scores', () => {
    const filter = new LabelFilter(labels, [2, 1]);
    expect(filter.filtering).toBe(true);
    expect(filter.topK(scores, 5)).toEqual([
      { label: 'welding', score: 0.3 },
      { label: 'yoga', score: 0.2 },
    ]);
    expect(filter.atLeast(scores, 0.25)).toEqual([{ label: 'welding', score: 0.3 }]);
  });
});
