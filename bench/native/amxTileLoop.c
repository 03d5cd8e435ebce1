/*
 * What AMX's int8 tiles do on this CPU, outside onnxruntime: the inner loop of a uint8 x int8
 * matrix product as onnxruntime's MLAS AMX kernel runs it (per 64-deep step, two 16x64 tiles of
 * A and two of B loaded from packed panels, four tdpbusd into four 16x16 int32 accumulators),
 * over panels that stay in cache. It is the speed that kernel could reach; models/README.md
 * ("Why not 2x") compares it with what onnxruntime's MatMulInteger gets.
 *
 *   gcc -O2 -mamx-tile -mamx-int8 bench/native/amxTileLoop.c -o /tmp/amx-tile-loop
 *   /tmp/amx-tile-loop 1024        # K, the depth of the product (a multiple of 64)
 *
 * One core. Exits 2 where the kernel refuses the AMX state (no AMX, or a kernel before 5.16).
 */
#include <immintrin.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#define ARCH_REQ_XCOMP_PERM 0x1023
#define XFEATURE_XTILEDATA 18
#define TILE_BYTES 1024 /* 16 rows of 64 bytes */

struct tile_config {
  uint8_t palette_id;
  uint8_t start_row;
  uint8_t reserved[14];
  uint16_t colsb[16];
  uint8_t rows[16];
};

static double seconds(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  const int depth = argc > 1 ? atoi(argv[1]) : 1024;
  if (depth < 64 || depth % 64 != 0) {
    fprintf(stderr, "K must be a multiple of 64, not %s\n", argv[1]);
    return 1;
  }
  if (syscall(SYS_arch_prctl, ARCH_REQ_XCOMP_PERM, XFEATURE_XTILEDATA) != 0) {
    perror("arch_prctl(ARCH_REQ_XCOMP_PERM)");
    return 2;
  }
  struct tile_config config;
  memset(&config, 0, sizeof config);
  config.palette_id = 1;
  for (int t = 0; t < 8; t++) {
    config.rows[t] = 16;
    config.colsb[t] = 64;
  }
  _tile_loadconfig(&config);

  const int steps = depth / 64;
  uint8_t *a = aligned_alloc(64, (size_t)2 * steps * TILE_BYTES);
  uint8_t *b = aligned_alloc(64, (size_t)2 * steps * TILE_BYTES);
  memset(a, 1, (size_t)2 * steps * TILE_BYTES);
  memset(b, 1, (size_t)2 * steps * TILE_BYTES);
  static int32_t out[4][256];

  /* About 2e8 tile products, a second or so. */
  const long blocks = 50000000L / steps;
  const double start = seconds();
  for (long block = 0; block < blocks; block++) {
    _tile_zero(0);
    _tile_zero(1);
    _tile_zero(2);
    _tile_zero(3);
    for (int s = 0; s < steps; s++) {
      _tile_loadd(4, a + (2 * s) * TILE_BYTES, 64);
      _tile_loadd(5, a + (2 * s + 1) * TILE_BYTES, 64);
      _tile_loadd(6, b + (2 * s) * TILE_BYTES, 64);
      _tile_loadd(7, b + (2 * s + 1) * TILE_BYTES, 64);
      _tile_dpbusd(0, 4, 6);
      _tile_dpbusd(1, 4, 7);
      _tile_dpbusd(2, 5, 6);
      _tile_dpbusd(3, 5, 7);
    }
    _tile_stored(0, out[0], 64);
    _tile_stored(1, out[1], 64);
    _tile_stored(2, out[2], 64);
    _tile_stored(3, out[3], 64);
  }
  const double elapsed = seconds() - start;
  _tile_release();
  /* Each tdpbusd: 16 x 16 outputs, 64 multiply-adds each, 2 operations per multiply-add. */
  const double operations = (double)blocks * steps * 4 * 16 * 16 * 64 * 2;
  if (out[0][0] != depth) {
    fprintf(stderr, "wrong product: %d, not %d\n", out[0][0], depth);
    return 1;
  }
  printf("K=%d: %.0f GOP/s on one core (%.2f s)\n", depth, operations / elapsed / 1e9, elapsed);
  return 0;
}
