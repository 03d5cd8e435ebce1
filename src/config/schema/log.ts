import { oneOf } from './leaves.js';
import { section } from './section.js';

/** `log`: how much the daemon writes to its journal. */
export const logSection = section({
  level: oneOf(
    'info',
    ['fatal', 'error', 'warn', 'info', 'debug', 'trace'],
    'Least severe level logged: fatal, error, warn, info, debug or trace.',
  ),
});
