#!/usr/bin/env node
/**
 * One of many daemons starting on the same state folder at once: loads the built lock,
 * says `ready`, and on the first line on stdin tries to take the lock on argv[2]. Prints
 * `won` or `lost <reason>`, holds what it got until stdin closes, then releases it.
 */
import { lockStateDir } from '../../../dist/outputs/mqtt/stateLock.js';

const dir = process.argv[2];
let unlock = null;
process.stdin.once('data', () => {
  try {
    unlock = lockStateDir(dir);
    process.stdout.write('won\n');
  } catch (err) {
    process.stdout.write(`lost ${err.message}\n`);
  }
});
process.stdin.on('end', () => {
  unlock?.();
  process.exit(0);
});
process.stdout.write('ready\n');
