import { describe, expect, it } from 'vitest';
import {
  nonNegativeInteger,
  oneOf,
  positiveInteger,
  positiveIntegerList,
} from '../../bench/args.js';

describe('bench arguments', () => {
  it('reads integers and lists', () => {
    expect(positiveInteger('runs', '12')).toBe(12);
    expect(nonNegativeInteger('threads', '0')).toBe(0);
    expect(positiveIntegerList('sizes', '1, 2,4')).toEqual([1, 2, 4]);
    expect(oneOf('pace', 'fast', ['realtime', 'fast'] as const)).toBe('fast');
  });

  it('quotes the bad value and names the option', () => {
    expect(() => positiveInteger('runs', '0')).toThrow(
      "--runs must be a positive integer, got '0'",
    );
    expect(() => positiveInteger('runs', '2.5')).toThrow("got '2.5'");
    expect(() => nonNegativeInteger('threads', '-1')).toThrow(
      "--threads must be an integer >= 0, got '-1'",
    );
    expect(() => positiveIntegerList('sizes', '1,,4')).toThrow("got '1,,4'");
    expect(() => oneOf('pace', 'slow', ['realtime', 'fast'] as const)).toThrow(
      "--pace must be one of realtime, fast, got 'slow'",
    );
  });
});
