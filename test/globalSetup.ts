import { execFileSync } from 'node:child_process';
import path from 'node:path';

/**
 * Integration tests run the real CLI (`node dist/cli/main.js`) as users do, and the bench's
 * (`node build/bench/main.js`) and the web console's page, so build them once before any test
 * starts.
 */
export default function setup(): void {
  const root = path.resolve(import.meta.dirname, '..');
  for (const project of [
    'tsconfig.build.json',
    'tsconfig.tools.json',
    'src/console/tsconfig.json',
  ]) {
    execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', project],
      {
        cwd: root,
        stdio: 'inherit',
      },
    );
  }
  // The console's page and styles beside its scripts, as `npm run build` leaves them.
  execFileSync(process.execPath, [path.join(root, 'scripts/copy-console-assets.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
}
