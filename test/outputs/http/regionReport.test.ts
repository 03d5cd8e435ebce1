import { describe, expect, it } from 'vitest';
import type { CameraConfig } from '../../../src/config/index.js';
import type { FrameSourceStats } from '../../../src/ingest/index.js';
import { cameraReport, cameraReportJson } from '../../../src/outputs/http/cameraReport.js';
import { renderMetrics } from '../../../src/outputs/http/daemonMetrics.js';
import type { ScheduleStats } from '../../../src/schedule/index.js';
import { cameraConfig } from '../../ingest/helpers.js';
import { quietMetricsInput } from './metricsInput.js';

const camera: CameraConfig = {
  ...cameraConfig(),
  name: 'gym',
  regions: [
    { name: 'left', x: 0, y: 0, width: 0.5, height: 1, labels: [] },
    { name: 'rack', x: 0.5, y: 0.5, width: 0.5, height: 0.5, labels: [] },
  ],
};
const stats: FrameSourceStats = {
  framesIn: 100,
  restarts: 0,
  stalls: 0,
  lastFrameAtMs: null,
  running: true,
  restartsLastHour: 0,
  stallsLastHour: 0,
  fps: 7.5,
  quality: 'good',
  lastFailure: null,
  runStartedAtMs: null,
  nextRestartAtMs: null,
};
const regionStats: Record<string, ScheduleStats> = {
  left: { windowsDue: 12, windowsRun: 9, windowsSkipped: 3 },
};
const report = cameraReport(
  camera,
  'online',
  stats,
  { windowsDue: 10, windowsRun: 10, windowsSkipped: 0 },
  null,
  (region) => regionStats[region],
);

describe('a camera’s regions in /api/cameras and /metrics', () => {
  it('lists each region with its rectangle and its own windows', () => {
    const json = cameraReportJson(report, 0);
    expect(json.whole_frame).toBe(true);
    expect(json.regions).toEqual([
      {
        name: 'left',
        x: 0,
        y: 0,
        width: 0.5,
        height: 1,
        windows: 9,
        windows_due: 12,
        windows_skipped: 3,
      },
      {
        name: 'rack',
        x: 0.5,
        y: 0.5,
        width: 0.5,
        height: 0.5,
        windows: 0,
        windows_due: 0,
        windows_skipped: 0,
      },
    ]);
  });

  it('counts each region’s windows and skips under camera and region labels', async () => {
    const text = await renderMetrics(quietMetricsInput({ cameras: [report] }));
    expect(text).toContain('actionwatch_region_windows_total{camera="gym",region="left"} 9');
    expect(text).toContain(
      'actionwatch_region_windows_skipped_total{camera="gym",region="left"} 3',
    );
    expect(text).toContain('actionwatch_region_windows_total{camera="gym",region="rack"} 0');
    expect(text).toContain('actionwatch_windows_total{camera="gym"} 10');
  });
});
