/* test-fuzz-regressions.c — replay the fuzzers' inputs through the normal build
 *
 * Every file in fuzz/regressions/<harness>/ (inputs that once crashed a harness, kept after the
 * fix) and in fuzz/corpus/<harness>/ (the seeds) goes through the same per-input function as the
 * libFuzzer harness, which aborts on a crash or a broken invariant.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#define HSVIZ_FUZZ_NO_MAIN 1
#include "../fuzz/fuzz-session-file.c"
#include "../fuzz/fuzz-parser.c"
#include "../fuzz/fuzz-pcap.c"
#include "../fuzz/fuzz-dsb.c"
#include "../fuzz/fuzz-reassembly.c"

#include "hsviz-test-utils.h"

typedef int (*OneInput) (const guint8 *data, size_t size);

static guint
replay_dir (const char *kind,
            const char *harness,
            OneInput    one)
{
  g_autofree char *dir = g_test_build_filename (G_TEST_DIST, "..", "fuzz", kind, harness, NULL);
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  while (d && (name = g_dir_read_name (d)))
    {
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_autofree char *data = NULL;
      gsize len = 0;

      if (name[0] == '.' || !g_file_test (path, G_FILE_TEST_IS_REGULAR))
        continue;
      g_assert_true (g_file_get_contents (path, &data, &len, NULL));
      g_test_message ("%s/%s/%s (%zu bytes)", kind, harness, name, len);
      one ((const guint8 *) data, len);
      n++;
    }
  return n;
}

static void
test_session_file (void)
{
  replay_dir ("regressions", "session-file", hsviz_fuzz_session_file_one);
  g_assert_cmpuint (replay_dir ("corpus", "session-file", hsviz_fuzz_session_file_one), >=, 6);
}

static void
test_parser (void)
{
  replay_dir ("regressions", "parser", hsviz_fuzz_parser_one);
  g_assert_cmpuint (replay_dir ("corpus", "parser", hsviz_fuzz_parser_one), >=, 20);
}

static void
test_pcap (void)
{
  replay_dir ("regressions", "pcap", hsviz_fuzz_pcap_one);
  g_assert_cmpuint (replay_dir ("corpus", "pcap", hsviz_fuzz_pcap_one), >=, 3);
}

static void
test_dsb (void)
{
  replay_dir ("regressions", "dsb", hsviz_fuzz_dsb_one);
  g_assert_cmpuint (replay_dir ("corpus", "dsb", hsviz_fuzz_dsb_one), >=, 2);
}

static void
test_reassembly (void)
{
  replay_dir ("regressions", "reassembly", hsviz_fuzz_reassembly_one);
  g_assert_cmpuint (replay_dir ("corpus", "reassembly", hsviz_fuzz_reassembly_one), >=, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/handshakeviz/fuzz-regressions/session-file", test_session_file);
  g_test_add_func ("/handshakeviz/fuzz-regressions/parser", test_parser);
  g_test_add_func ("/handshakeviz/fuzz-regressions/pcap", test_pcap);
  g_test_add_func ("/handshakeviz/fuzz-regressions/dsb", test_dsb);
  g_test_add_func ("/handshakeviz/fuzz-regressions/reassembly", test_reassembly);
  return g_test_run ();
}
