import { existsSync, readdirSync } from 'node:fs';

/** Where the Vulkan loader finds drivers (ICDs) on Debian: Mesa's lavapipe puts lvp_icd.*.json here. */
const ICD_DIRS = ['/usr/share/vulkan/icd.d', '/etc/vulkan/icd.d'];

function hasVulkanDriver(): boolean {
  return ICD_DIRS.some(
    (dir) => existsSync(dir) && readdirSync(dir).some((f) => f.endsWith('.json')),
  );
}

/**
 * Whether the WebGPU tests must run. CI installs Mesa's lavapipe (scripts/setup.sh --test), so
 * there they always run and fail loudly if WebGPU does not work; elsewhere they run wherever a
 * Vulkan driver is installed. Debian 12's own lavapipe (Mesa 22) is refused by Dawn: install
 * Mesa from bookworm-backports as setup.sh does.
 */
export const webgpuTestsRun = process.env.CI === 'true' || hasVulkanDriver();
