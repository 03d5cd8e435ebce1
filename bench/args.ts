/** Command-line values for the benches, checked so that a typo fails with the bad value quoted. */

export function positiveInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`--${name} must be a positive integer, got '${value}'`);
  }
  return n;
}

export function nonNegativeInteger(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) {
    throw new RangeError(`--${name} must be an integer >= 0, got '${value}'`);
  }
  return n;
}

/** '1,2,4' → [1, 2, 4]. */
export function positiveIntegerList(name: string, value: string): number[] {
  const parts = value.split(',').map((part) => part.trim());
  if (parts.some((part) => part === '')) {
    throw new RangeError(
      `--${name} must be a comma-separated list of positive integers, got '${value}'`,
    );
  }
  return parts.map((part) => positiveInteger(name, part));
}

export function oneOf<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) {
    throw new RangeError(`--${name} must be one of ${allowed.join(', ')}, got '${value}'`);
  }
  return value as T;
}

export function positiveNumber(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) {
    throw new RangeError(`--${name} must be a number above 0, got '${value}'`);
  }
  return n;
}
