import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The built console (`npm run build` writes it to dist/console): beside this module once
 * compiled (dist/outputs/http/console → dist/console), or the built copy when running from
 * the sources (tests).
 */
export function consoleAssetsDir(): string {
  const candidates = ['../../../console/', '../../../../dist/console/'].map((relative) =>
    fileURLToPath(new URL(relative, import.meta.url)),
  );
  return candidates.find((dir) => existsSync(`${dir}main.js`)) ?? (candidates[0] as string);
}

/** `/` is the console's page; `/console/...` its scripts and styles, all from the package. */
export async function registerStaticRoutes(app: FastifyInstance, assetsDir: string): Promise<void> {
  await app.register(fastifyStatic, {
    root: assetsDir,
    prefix: '/console/',
    index: false,
    wildcard: true,
    // The package is replaced as a whole on upgrade; a reload must not mix versions.
    cacheControl: false,
  });
  app.get('/', (_req, reply) => reply.type('text/html; charset=utf-8').sendFile('index.html'));
}
