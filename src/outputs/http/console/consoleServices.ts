import type { LiveStreams } from '../live/liveStreams.js';
import type { ConsoleFeed } from './consoleFeed.js';
import type { ConsoleControls } from './controlRoutes.js';
import type { SystemReport } from './historyRoutes.js';

/** What the web console needs of the daemon; absent, only the status API is served. */
export interface ConsoleServices {
  feed: ConsoleFeed;
  controls: ConsoleControls;
  /** The alert snapshot folder; null when snapshots are off. */
  snapshotsDir: string | null;
  system: SystemReport;
  /** The cameras' live views; null when the live output is off. */
  live: LiveStreams | null;
  /** Built console files; dist/console unless a test points elsewhere. */
  assetsDir?: string;
}
