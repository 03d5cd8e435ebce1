import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { type Clock, systemClock, type TimerHandle } from '../core/index.js';
import type { Logger } from '../log/index.js';

/** What the operator switched, kept across restarts. Maps: names are data, not keys. */
interface ControlsState {
  /** camera → detection on; cameras not listed detect. */
  detect: Map<string, boolean>;
  /** rule → epoch ms its suspension ends. */
  suspendedUntilMs: Map<string, number>;
}

const FORMAT = 'actionwatch-controls/1';

export const CONTROLS_FILE_NAME = 'controls.json';

/** How long changes are gathered before one write: a burst of commands costs one fsync. */
export const SAVE_DELAY_MS = 250;

export interface ControlsStoreOptions {
  /** The delay before a gathered write; the system clock unless given. */
  clock?: Clock;
  /** Writes the file's text; atomically (see writeAtomically) unless a test says otherwise. */
  write?: (file: string, text: string) => void;
}

/**
 * The switches' small JSON file in the state folder. It is written atomically (temporary
 * file, fsync, rename, fsync of the folder): a power cut leaves the old or the new file, never
 * half of one. Changes are gathered for SAVE_DELAY_MS and written once, the latest state
 * winning: a flood of commands must not hold the event loop in fsync. flush() writes what is
 * pending at once; the daemon calls it when stopping, so a clean stop keeps the last change.
 * A write that fails is logged and the change still holds in memory.
 */
export class ControlsStore {
  private saveTimer: TimerHandle | null = null;
  private readonly clock: Clock;
  private readonly write: (file: string, text: string) => void;

  private constructor(
    private readonly file: string,
    private readonly state: ControlsState,
    private readonly log: Logger,
    options: ControlsStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.write = options.write ?? writeAtomically;
  }

  /** Reads `file`; a missing one means defaults, an unreadable one is set aside and logged. */
  static open(file: string, logger: Logger, options: ControlsStoreOptions = {}): ControlsStore {
    const log = logger.child({ module: 'controls' });
    return new ControlsStore(file, readState(file, log), log, options);
  }

  static fileIn(stateDir: string): string {
    return join(stateDir, CONTROLS_FILE_NAME);
  }

  detect(camera: string): boolean {
    return this.state.detect.get(camera) ?? true;
  }

  setDetect(camera: string, on: boolean): void {
    this.state.detect.set(camera, on);
    this.save();
  }

  suspendedUntil(rule: string): number | null {
    return this.state.suspendedUntilMs.get(rule) ?? null;
  }

  setSuspendedUntil(rule: string, untilMs: number | null): void {
    if (untilMs === null) this.state.suspendedUntilMs.delete(rule);
    else this.state.suspendedUntilMs.set(rule, untilMs);
    this.save();
  }

  /** Writes the pending changes now, if any. */
  flush(): void {
    if (this.saveTimer === null) return;
    this.clock.clearTimeout(this.saveTimer);
    this.saveTimer = null;
    this.writeNow();
  }

  private save(): void {
    if (this.saveTimer !== null) return;
    this.saveTimer = this.clock.setTimeout(() => {
      this.saveTimer = null;
      this.writeNow();
    }, SAVE_DELAY_MS);
  }

  private writeNow(): void {
    const document = {
      format: FORMAT,
      detect: Object.fromEntries(this.state.detect),
      suspendedUntilMs: Object.fromEntries(this.state.suspendedUntilMs),
    };
    try {
      this.write(this.file, `${JSON.stringify(document, null, 2)}\n`);
    } catch (err) {
      this.log.error({ err, file: this.file }, 'cannot save the switches; they hold until restart');
    }
  }
}

function readState(file: string, log: Logger): ControlsState {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.error({ err, file }, 'cannot read the switches; starting with defaults');
    }
    return emptyState();
  }
  const state = parseState(text);
  if (state !== undefined) return state;
  const kept = `${file}.corrupt`;
  log.error({ file, keptAs: kept }, 'switches file is not valid; starting with defaults');
  try {
    renameSync(file, kept);
  } catch {
    // Keeping the broken file is a courtesy; the defaults hold either way.
  }
  return emptyState();
}

function parseState(text: string): ControlsState | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { format, detect, suspendedUntilMs } = parsed as Record<string, unknown>;
  if (format !== FORMAT || !isRecordOf(detect, 'boolean')) return undefined;
  if (!isRecordOf(suspendedUntilMs, 'number')) return undefined;
  return {
    detect: new Map(Object.entries(detect)),
    suspendedUntilMs: new Map(Object.entries(suspendedUntilMs)),
  };
}

function isRecordOf<T extends 'boolean' | 'number'>(
  value: unknown,
  type: T,
): value is Record<string, T extends 'boolean' ? boolean : number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((entry) => typeof entry === type);
}

function emptyState(): ControlsState {
  return { detect: new Map(), suspendedUntilMs: new Map() };
}

function writeAtomically(file: string, text: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o600 });
  syncPath(temporary, 'r+');
  renameSync(temporary, file);
  // The rename is durable only once the folder's entry is on disk.
  syncPath(dir, 'r');
}

function syncPath(path: string, flags: string): void {
  const fd = openSync(path, flags);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
