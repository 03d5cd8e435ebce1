import type { Logger } from '../log/index.js';

/** One piece of the running daemon, as the composition root sees it. */
export interface Part {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): unknown;
}

/**
 * A flat list of parts: started in order, stopped in reverse. Only started parts are
 * stopped; a part that fails to stop is logged and the others still stop. Parts can be
 * started in steps (the model first: the rest is built from it) and stay one list.
 */
export class PartList {
  private started: Part[] = [];
  private readonly log: Logger;

  constructor(logger: Logger) {
    this.log = logger.child({ module: 'daemon' });
  }

  /**
   * Starts each part in order, after those started before; throws the first failure (the
   * caller then stops what did start).
   */
  async start(parts: readonly Part[]): Promise<void> {
    for (const part of parts) {
      await part.start();
      this.started.push(part);
    }
  }

  async stop(): Promise<void> {
    const started = this.started.reverse();
    this.started = [];
    for (const part of started) {
      try {
        await part.stop();
      } catch (err) {
        this.log.error({ err, part: part.name }, 'stopping failed; carrying on');
      }
    }
  }
}
