/**
 * Reads fields out of parsed JSON while collecting every problem, so a bad card is reported
 * in one go rather than one fix-and-retry at a time.
 */
export class FieldReader {
  constructor(
    private readonly root: Record<string, unknown>,
    private readonly prefix = '',
    /** Shared with child readers so nested problems land in one list. */
    readonly problems: string[] = [],
  ) {}

  /** A reader for a nested object; a missing or non-object value is reported and read as {}. */
  child(key: string): FieldReader {
    const value = this.root[key];
    if (!isPlainObject(value)) this.problem(key, 'must be an object', value);
    const fields = isPlainObject(value) ? value : {};
    return new FieldReader(fields, `${this.prefix}${key}.`, this.problems);
  }

  /** The object itself, for fields kept as written (copied so that later edits cannot reach it). */
  raw(): Readonly<Record<string, unknown>> {
    return structuredClone(this.root);
  }

  /** Whether an optional field is there at all. */
  has(key: string): boolean {
    return this.root[key] !== undefined;
  }

  string(key: string): string {
    const value = this.root[key];
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(key, 'must be a non-empty string', value);
    return '';
  }

  stringOrNull(key: string): string | null {
    const value = this.root[key];
    if (value === null) return null;
    if (typeof value === 'string' && value.trim() !== '') return value;
    this.problem(key, 'must be a non-empty string or null', value);
    return null;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[]): T {
    const value = this.root[key];
    if (typeof value === 'string' && (allowed as readonly string[]).includes(value)) {
      return value as T;
    }
    this.problem(key, `must be one of ${allowed.map((a) => `'${a}'`).join(', ')}`, value);
    return allowed[0] as T;
  }

  /** Like oneOf, for a field that cards written before it lack: missing reads as `fallback`. */
  oneOfOr<T extends string>(key: string, allowed: readonly T[], fallback: T): T {
    return this.root[key] === undefined ? fallback : this.oneOf(key, allowed);
  }

  boolean(key: string): boolean {
    const value = this.root[key];
    if (typeof value === 'boolean') return value;
    this.problem(key, 'must be true or false', value);
    return false;
  }

  positiveInteger(key: string): number {
    const value = this.root[key];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
    this.problem(key, 'must be a positive integer', value);
    return 1;
  }

  integerOrNull(key: string): number | null {
    const value = this.root[key];
    if (value === null) return null;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    this.problem(key, 'must be an integer or null', value);
    return null;
  }

  positiveNumber(key: string): number {
    const value = this.root[key];
    if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value;
    this.problem(key, 'must be a positive number', value);
    return 1;
  }

  /** A list of non-empty strings, for a field that cards written before it lack (read as []). */
  stringListOrEmpty(key: string): string[] {
    const value = this.root[key];
    if (value === undefined) return [];
    if (Array.isArray(value) && value.every((v) => typeof v === 'string' && v.trim() !== '')) {
      return [...value];
    }
    this.problem(key, 'must be a list of non-empty strings', value);
    return [];
  }

  /** Three per-channel numbers (RGB); `positive` for divisors such as std. */
  channelTriple(key: string, positive: boolean): [number, number, number] {
    const value = this.root[key];
    const ok =
      Array.isArray(value) &&
      value.length === 3 &&
      value.every((v) => typeof v === 'number' && Number.isFinite(v) && (!positive || v > 0));
    if (ok) return value as [number, number, number];
    const what = positive ? 'positive numbers' : 'numbers';
    this.problem(key, `must be 3 ${what} (R, G, B)`, value);
    return [0, 0, 0].map(() => (positive ? 1 : 0)) as [number, number, number];
  }

  problem(key: string, message: string, value: unknown): void {
    const got = value === undefined ? 'missing' : `got ${JSON.stringify(value)}`;
    this.problems.push(`${this.prefix}${key}: ${message}, ${got}`);
  }
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
