import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ once: integration tests run the real CLI as users do.
    globalSetup: ['test/globalSetup.ts'],
    // Integration tests start real ffmpeg, Mosquitto and RTSP servers; give them room on 2 cores.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
