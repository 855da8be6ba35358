/* link-floor.c — an empty main() linked with libhsviz's libraries: what process start costs
 * before any of our code runs (the dynamic loader mapping and relocating them).
 *
 * Built twice by bench/meson.build, with every library libhsviz links (link-floor) and with the
 * same minus libsoup (link-floor-nosoup); bench/bench.py times both beside the capture tools.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
int
main (void)
{
  return 0;
}
