/* test-key-schedule.c — the TLS 1.2 PRF and TLS 1.3 key schedule against published vectors
 *
 * The truth here comes from outside our code: the TLS 1.2 P_SHA256 vector published for the
 * IETF TLS working group, and the "Simple 1-RTT Handshake" trace of RFC 8448 §3 (its handshake
 * messages, secrets, keys, IVs, Finished messages and encrypted records, copied from the RFC).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-key-schedule.h"
#include "hsviz-test-compare.h"
#include "hsviz-test-utils.h"

/* RFC 8448 §3, "Simple 1-RTT Handshake" (TLS_AES_128_GCM_SHA256, x25519) */
static const char rfc8448_client_hello[] =
  "010000c00303cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece700000613011303130201"
  "0000910000000b0009000006736572766572ff01000100000a00140012001d0017001800190100010101020103010400"
  "230000003300260024001d002099381de560e4bd43d23d8e435a7dbafeb3c06e51c13cae4d5413691e529aaf2c002b00"
  "03020304000d0020001e040305030603020308040805080604010501060102010402050206020202002d00020101001c"
  "00024001";
static const char rfc8448_server_hello[] =
  "020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024"
  "001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304";
static const char rfc8448_server_flight[] =
  "080000240022000a00140012001d00170018001901000101010201030104001c00024001000000000b0001b9000001b5"
  "0001b0308201ac30820115a003020102020102300d06092a864886f70d01010b0500300e310c300a0603550403130372"
  "7361301e170d3136303733303031323335395a170d3236303733303031323335395a300e310c300a0603550403130372"
  "736130819f300d06092a864886f70d010101050003818d0030818902818100b4bb498f8279303d980836399b36c6988c"
  "0c68de55e1bdb826d3901a2461eafd2de49a91d015abbc9a95137ace6c1af19eaa6af98c7ced43120998e187a80ee0cc"
  "b0524b1b018c3e0b63264d449a6d38e22a5fda430846748030530ef0461c8ca9d9efbfae8ea6d1d03e2bd193eff0ab9a"
  "8002c47428a6d35a8d88d79f7f1e3f0203010001a31a301830090603551d1304023000300b0603551d0f0404030205a0"
  "300d06092a864886f70d01010b05000381810085aad2a0e5b9276b908c65f73a7267170618a54c5f8a7b337d2df7a594"
  "365417f2eae8f8a58c8f8172f9319cf36b7fd6c55b80f21a03015156726096fd335e5e67f2dbf102702e608ccae6bec1"
  "fc63a42a99be5c3eb7107c3c54e9b9eb2bd5203b1c3b84e0a8b2f759409ba3eac9d91d402dcc0cc8f8961229ac9187b4"
  "2b4de100000f000084080400805a747c5d88fa9bd2e55ab085a61015b7211f824cd484145ab3ff52f1fda8477b0b7abc"
  "90db78e2d33a5c141a078653fa6bef780c5ea248eeaaa785c4f394cab6d30bbe8d4859ee511f602957b15411ac027671"
  "459e46445c9ea58c181e818e95b8c3fb0bf3278409d3be152a3da5043e063dda65cdf5aea20d53dfacd42f74f3140000"
  "209b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718";
static const char rfc8448_client_finished[] =
  "14000020a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61";
static const char rfc8448_new_session_ticket[] =
  "040000c90000001efad6aac502000000b22c035d829359ee5ff7af4ec900000000262a6494dc486d2c8a34cb33fa90bf"
  "1b0070ad3c498883c9367c09a2be785abc55cd226097a3a982117283f82a03a143efd3ff5dd36d64e861be7fd61d2827"
  "db279cce145077d454a3664d4e6da4d29ee03725a6a4dafcd0fc67d2aea70529513e3da2677fa5906c5b3f7d8f92f228"
  "bda40dda721470f9fbf297b5aea617646fac5c03272e970727c621a79141ef5f7de6505e5bfbc388e93343694093934a"
  "e4d3570008002a000400000400";
static const char rfc8448_server_flight_record[] =
  "17030302a2d1ff334a56f5bff6594a07cc87b580233f500f45e489e7f33af35edf7869fcf40aa40aa2b8ea73f848a7ca"
  "07612ef9f945cb960b4068905123ea78b111b429ba9191cd05d2a389280f526134aadc7fc78c4b729df828b5ecf7b13b"
  "d9aefb0e57f271585b8ea9bb355c7c79020716cfb9b1183ef3ab20e37d57a6b9d7477609aee6e122a4cf51427325250c"
  "7d0e509289444c9b3a648f1d71035d2ed65b0e3cdd0cbae8bf2d0b227812cbb360987255cc744110c453baa4fcd61092"
  "8d809810e4b7ed1a8fd991f06aa6248204797e36a6a73b70a2559c09ead686945ba246ab66e5edd8044b4c6de3fcf2a8"
  "9441ac66272fd8fb330ef8190579b3684596c960bd596eea520a56a8d650f563aad27409960dca63d3e688611ea5e22f"
  "4415cf9538d51a200c27034272968a264ed6540c84838d89f72c24461aad6d26f59ecaba9acbbb317b66d902f4f292a3"
  "6ac1b639c637ce343117b659622245317b49eeda0c6258f100d7d961ffb138647e92ea330faeea6dfa31c7a84dc3bd7e"
  "1b7a6c7178af36879018e3f252107f243d243dc7339d5684c8b0378bf30244da8c87c843f5e56eb4c5e8280a2b48052c"
  "f93b16499a66db7cca71e4599426f7d461e66f99882bd89fc50800becca62d6c74116dbd2972fda1fa80f85df881edbe"
  "5a37668936b335583b599186dc5c6918a396fa48a181d6b6fa4f9d62d513afbb992f2b992f67f8afe67f76913fa388cb"
  "5630c8ca01e0c65d11c66a1e2ac4c85977b7c7a6999bbf10dc35ae69f5515614636c0b9b68c19ed2e31c0b3b66763038"
  "ebba42f3b38edc0399f3a9f23faa63978c317fc9fa66a73f60f0504de93b5b845e275592c12335ee340bbc4fddd50278"
  "4016e4b3be7ef04dda49f4b440a30cb5d2af939828fd4ae3794e44f94df5a631ede42c1719bfdabf0253fe5175be898e"
  "750edc53370d2b";
static const char rfc8448_client_finished_record[] =
  "170303003575ec4dc238cce60b298044a71e219c56cc77b0517fe9b93c7a4bfc44d87f38f80338ac98fc46deb384bd1c"
  "aeacab6867d726c40546";
static const char rfc8448_new_session_ticket_record[] =
  "17030300de3a6b8f90414a97d6959c3487680de5134a2b240e6cffac116e95d41d6af8f6b580dcf3d11d63c758db289a"
  "015940252f55713e061dc13e078891a38efbcf5753ad8ef170ad3c7353d16d9da773b9ca7f2b9fa1b6c0d4a3d03f75e0"
  "9c30ba1e62972ac46f75f7b981be63439b2999ce13064615139891d5e4c5b406f16e3fc181a77ca475840025db2f0a77"
  "f81b5ab05b94c01346755f69232c86519d86cbeeac87aac347d143f9605d64f650db4d023e70e952ca49fe5137121c74"
  "bc2697687e248746d6df353005f3bce18696129c8153556b3b6c6779b37bf15985684f";
static const char rfc8448_client_app_record[] =
  "1703030043a23f7054b62c94d0affafe8228ba55cbefacea42f914aa66bcab3f2b9819a8a5b46b395bd54a9a20441e2b"
  "62974e1f5a6292a2977014bd1e3deae63aeebb21694915e4";
static const char rfc8448_server_app_record[] =
  "17030300432e937e11ef4ac740e538ad36005fc4a46932fc3225d05f82aa1b36e30efaf97d90e6dffc602dcb501a59a8"
  "fcc49c4bf2e5f0a21c0047c2abf332540dd032e167c2955d";
/* The secrets of the trace (RFC 8448 §3) */
#define RFC8448_ECDHE            "8bd4054fb55b9d63fdfbacf9f04b9f0d35e6d63f537563efd46272900f89492d"
#define RFC8448_EARLY_SECRET     "33ad0a1c607ec03b09e6cd9893680ce210adf300aa1f2660e1b22e10f170f92a"
#define RFC8448_DERIVED_EARLY    "6f2615a108c702c5678f54fc9dbab69716c076189c48250cebeac3576c3611ba"
#define RFC8448_HANDSHAKE_SECRET "1dc826e93606aa6fdc0aadc12f741b01046aa6b99f691ed221a9f0ca043fbeac"
#define RFC8448_C_HS_TRAFFIC     "b3eddb126e067f35a780b3abf45e2d8f3b1a950738f52e9600746a0e27a55a21"
#define RFC8448_S_HS_TRAFFIC     "b67b7d690cc16c4e75e54213cb2d37b4e9c912bcded9105d42befd59d391ad38"
#define RFC8448_DERIVED_HS       "43de77e0c77713859a944db9db2590b53190a65b3ee2e4f12dd7a0bb7ce254b4"
#define RFC8448_MASTER_SECRET    "18df06843d13a08bf2a449844c5f8a478001bc4d4c627984d5a41da8d0402919"
#define RFC8448_C_AP_TRAFFIC     "9e40646ce79a7f9dc05af8889bce6552875afa0b06df0087f792ebb7c17504a5"
#define RFC8448_S_AP_TRAFFIC     "a11af9f05531f856ad47116b45a950328204b4f44bfb6b3a4b4f1f3fcb631643"
#define RFC8448_EXP_MASTER       "fe22f881176eda18eb8f44529e6792c50c9a3f89452f68d8ae311b4309d3cf50"
#define RFC8448_C_HS_KEY         "dbfaa693d1762c5b666af5d950258d01"
#define RFC8448_C_HS_IV          "5bd3c71b836e0b76bb73265f"
#define RFC8448_S_HS_KEY         "3fce516009c21727d0f2e4e86ee403bc"
#define RFC8448_S_HS_IV          "5d313eb2671276ee13000b30"
#define RFC8448_C_AP_KEY         "17422dda596ed5d9acd890e3c63f5051"
#define RFC8448_C_AP_IV          "5b78923dee08579033e523d9"
#define RFC8448_S_AP_KEY         "9f02283b6c9c07efc26bb9f2ac92e356"
#define RFC8448_S_AP_IV          "cf782b88dd83549aadf1e984"
#define RFC8448_C_FINISHED_KEY   "b80ad01015fb2f0bd65ff7d4da5d6bf83f84821d1f87fdc7d3c75b5a7b42d9c4"
#define RFC8448_S_FINISHED_KEY   "008d3b66f816ea559f96b537e885c31fc068bf492c652f01f288a1d8cdc19fc8"
#define RFC8448_HASH_CH_SH       "860c06edc07858ee8e78f0e7428c58edd6b43f2ca3e6e95f02ed063cf0e1cad8"
#define RFC8448_HASH_CH_SF       "9608102a0f1ccc6db6250b7b7e417b1a000eaada3daae4777a7686c9ff83df13"

static GBytes *
hex_bytes (const char *hex)
{
  GByteArray *a = g_byte_array_new ();

  for (const char *p = hex; *p != '\0'; p++)
    {
      guint8 byte;

      if (g_ascii_isspace (*p))
        continue;
      g_assert_true (g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]));
      byte = (g_ascii_xdigit_value (p[0]) << 4) | g_ascii_xdigit_value (p[1]);
      g_byte_array_append (a, &byte, 1);
      p++;
    }
  return g_byte_array_free_to_bytes (a);
}

static char *
bytes_hex (const guint8 *data,
           gsize         len)
{
  GString *s = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    g_string_append_printf (s, "%02x", data[i]);
  return g_string_free (s, FALSE);
}

#define assert_hex(data, len, expected) G_STMT_START { \
    g_autofree char *_hex = bytes_hex ((data), (len)); \
    g_assert_cmpstr (_hex, ==, (expected)); \
  } G_STMT_END

static GBytes *
concat (GBytes *a,
        GBytes *b,
        GBytes *c)
{
  GByteArray *all = g_byte_array_new ();
  GBytes *parts[] = { a, b, c };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    if (parts[i] != NULL)
      g_byte_array_append (all, g_bytes_get_data (parts[i], NULL), g_bytes_get_size (parts[i]));
  return g_byte_array_free_to_bytes (all);
}

/* The P_SHA256 vector published for the IETF TLS WG (secret, "test label", seed → 100 bytes). */
static void
test_tls12_prf (void)
{
  g_autoptr(GBytes) secret = hex_bytes ("9b be 43 6b a9 40 f0 17 b1 76 52 84 9a 71 db 35");
  g_autoptr(GBytes) seed = hex_bytes ("a0 ba 9f 93 6c da 31 18 27 a6 f7 96 ff d5 19 8c");
  guint8 out[100];

  g_assert_true (hsviz_tls12_prf (GNUTLS_MAC_SHA256, g_bytes_get_data (secret, NULL), g_bytes_get_size (secret),
                                  "test label", g_bytes_get_data (seed, NULL), g_bytes_get_size (seed),
                                  out, sizeof out));
  assert_hex (out, sizeof out,
              "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
              "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
              "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
              "87347b66");

  /* A prefix of the stream is the same stream (P_hash is a chain, not per-length). */
  g_assert_true (hsviz_tls12_prf (GNUTLS_MAC_SHA256, g_bytes_get_data (secret, NULL), g_bytes_get_size (secret),
                                  "test label", g_bytes_get_data (seed, NULL), g_bytes_get_size (seed),
                                  out, 12));
  assert_hex (out, 12, "e3f229ba727be17b8d122620");
}

static void
extract (GBytes *salt,
         GBytes *ikm,
         guint8 *out)
{
  gnutls_datum_t key = { (unsigned char *) g_bytes_get_data (ikm, NULL), g_bytes_get_size (ikm) };
  gnutls_datum_t s = { (unsigned char *) g_bytes_get_data (salt, NULL), g_bytes_get_size (salt) };

  g_assert_cmpint (gnutls_hkdf_extract (GNUTLS_MAC_SHA256, &key, &s, out), ==, 0);
}

static void
derive (const guint8 *secret,
        const char   *label,
        GBytes       *messages,
        guint8       *out)
{
  g_assert_true (hsviz_tls13_derive_secret (GNUTLS_MAC_SHA256, secret, 32, label,
                                            messages != NULL ? g_bytes_get_data (messages, NULL) : NULL,
                                            messages != NULL ? g_bytes_get_size (messages) : 0, out));
}

/* RFC 8448 §3: the whole secret tree, early → handshake → master, with our Derive-Secret. */
static void
test_rfc8448_secrets (void)
{
  g_autoptr(GBytes) ch = hex_bytes (rfc8448_client_hello);
  g_autoptr(GBytes) sh = hex_bytes (rfc8448_server_hello);
  g_autoptr(GBytes) flight = hex_bytes (rfc8448_server_flight);
  g_autoptr(GBytes) ch_sh = concat (ch, sh, NULL);
  g_autoptr(GBytes) ch_sf = concat (ch, sh, flight);
  g_autoptr(GBytes) zeros = g_bytes_new_static ((const guint8[32]) { 0 }, 32);
  g_autoptr(GBytes) ecdhe = hex_bytes (RFC8448_ECDHE);
  g_autoptr(GBytes) derived_bytes = NULL;
  guint8 early[32], derived[32], hs[32], out[32], master[32], hash[32];

  g_assert_cmpuint (g_bytes_get_size (ch), ==, 196);
  g_assert_cmpuint (g_bytes_get_size (sh), ==, 90);
  g_assert_cmpuint (g_bytes_get_size (flight), ==, 657);
  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, g_bytes_get_data (ch_sh, NULL), g_bytes_get_size (ch_sh), hash), ==, 0);
  assert_hex (hash, 32, RFC8448_HASH_CH_SH);
  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, g_bytes_get_data (ch_sf, NULL), g_bytes_get_size (ch_sf), hash), ==, 0);
  assert_hex (hash, 32, RFC8448_HASH_CH_SF);

  extract (zeros, zeros, early);
  assert_hex (early, 32, RFC8448_EARLY_SECRET);
  derive (early, "derived", NULL, derived);
  assert_hex (derived, 32, RFC8448_DERIVED_EARLY);
  derived_bytes = g_bytes_new (derived, 32);
  extract (derived_bytes, ecdhe, hs);
  assert_hex (hs, 32, RFC8448_HANDSHAKE_SECRET);

  derive (hs, "c hs traffic", ch_sh, out);
  assert_hex (out, 32, RFC8448_C_HS_TRAFFIC);
  derive (hs, "s hs traffic", ch_sh, out);
  assert_hex (out, 32, RFC8448_S_HS_TRAFFIC);

  derive (hs, "derived", NULL, derived);
  assert_hex (derived, 32, RFC8448_DERIVED_HS);
  g_clear_pointer (&derived_bytes, g_bytes_unref);
  derived_bytes = g_bytes_new (derived, 32);
  extract (derived_bytes, zeros, master);
  assert_hex (master, 32, RFC8448_MASTER_SECRET);

  derive (master, "c ap traffic", ch_sf, out);
  assert_hex (out, 32, RFC8448_C_AP_TRAFFIC);
  derive (master, "s ap traffic", ch_sf, out);
  assert_hex (out, 32, RFC8448_S_AP_TRAFFIC);
  derive (master, "exp master", ch_sf, out);
  assert_hex (out, 32, RFC8448_EXP_MASTER);
}

static void
expand (const char *secret_hex,
        const char *label,
        gsize       len,
        const char *expected)
{
  g_autoptr(GBytes) secret = hex_bytes (secret_hex);
  guint8 out[64];

  g_assert_true (hsviz_tls13_hkdf_expand_label (GNUTLS_MAC_SHA256, g_bytes_get_data (secret, NULL),
                                                g_bytes_get_size (secret), label, NULL, 0, out, len));
  assert_hex (out, len, expected);
}

/* RFC 8448 §3: traffic keys and IVs, and the finished keys, by HKDF-Expand-Label. */
static void
test_rfc8448_traffic_keys (void)
{
  expand (RFC8448_C_HS_TRAFFIC, "key", 16, RFC8448_C_HS_KEY);
  expand (RFC8448_C_HS_TRAFFIC, "iv", 12, RFC8448_C_HS_IV);
  expand (RFC8448_S_HS_TRAFFIC, "key", 16, RFC8448_S_HS_KEY);
  expand (RFC8448_S_HS_TRAFFIC, "iv", 12, RFC8448_S_HS_IV);
  expand (RFC8448_C_AP_TRAFFIC, "key", 16, RFC8448_C_AP_KEY);
  expand (RFC8448_C_AP_TRAFFIC, "iv", 12, RFC8448_C_AP_IV);
  expand (RFC8448_S_AP_TRAFFIC, "key", 16, RFC8448_S_AP_KEY);
  expand (RFC8448_S_AP_TRAFFIC, "iv", 12, RFC8448_S_AP_IV);
  expand (RFC8448_C_HS_TRAFFIC, "finished", 32, RFC8448_C_FINISHED_KEY);
  expand (RFC8448_S_HS_TRAFFIC, "finished", 32, RFC8448_S_FINISHED_KEY);
}

/* RFC 8448 §3: both Finished messages = HMAC(finished_key, Transcript-Hash). */
static void
test_rfc8448_finished (void)
{
  g_autoptr(GBytes) ch = hex_bytes (rfc8448_client_hello);
  g_autoptr(GBytes) sh = hex_bytes (rfc8448_server_hello);
  g_autoptr(GBytes) flight = hex_bytes (rfc8448_server_flight);
  g_autoptr(GBytes) cfin = hex_bytes (rfc8448_client_finished);
  g_autoptr(GBytes) before_sf_part = g_bytes_new_from_bytes (flight, 0, g_bytes_get_size (flight) - 36);
  g_autoptr(GBytes) before_sf = concat (ch, sh, before_sf_part);
  g_autoptr(GBytes) before_cf = concat (ch, sh, flight);
  g_autoptr(GBytes) fk_s = hex_bytes (RFC8448_S_FINISHED_KEY);
  g_autoptr(GBytes) fk_c = hex_bytes (RFC8448_C_FINISHED_KEY);
  const guint8 *f = g_bytes_get_data (flight, NULL);
  guint8 hash[32], vd[32];

  /* the server Finished closes the flight: 14 00 00 20 ‖ verify_data */
  g_assert_cmpmem (f + 657 - 36, 4, "\x14\x00\x00\x20", 4);
  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, g_bytes_get_data (before_sf, NULL),
                                     g_bytes_get_size (before_sf), hash), ==, 0);
  g_assert_cmpint (gnutls_hmac_fast (GNUTLS_MAC_SHA256, g_bytes_get_data (fk_s, NULL), 32, hash, 32, vd), ==, 0);
  g_assert_cmpmem (vd, 32, f + 657 - 32, 32);

  g_assert_cmpint (gnutls_hash_fast (GNUTLS_DIG_SHA256, g_bytes_get_data (before_cf, NULL),
                                     g_bytes_get_size (before_cf), hash), ==, 0);
  assert_hex (hash, 32, RFC8448_HASH_CH_SF);
  g_assert_cmpint (gnutls_hmac_fast (GNUTLS_MAC_SHA256, g_bytes_get_data (fk_c, NULL), 32, hash, 32, vd), ==, 0);
  g_assert_cmpmem (vd, 32, (const guint8 *) g_bytes_get_data (cfin, NULL) + 4, 32);
}

static void
decrypt (const char           *record_hex,
         const char           *key_hex,
         const char           *iv_hex,
         guint64               seq,
         HsvizDecryptedRecord *out)
{
  g_autoptr(GBytes) record = hex_bytes (record_hex);
  g_autoptr(GBytes) key = hex_bytes (key_hex);
  g_autoptr(GBytes) iv = hex_bytes (iv_hex);
  g_autoptr(GError) error = NULL;

  g_assert_true (hsviz_tls_record_decrypt (HSVIZ_VERSION_TLS13, 0x1301, g_bytes_get_data (key, NULL), 16,
                                           g_bytes_get_data (iv, NULL), 12, seq, record, out, &error));
  g_assert_no_error (error);
}

/* RFC 8448 §3: the encrypted records of the trace decrypt to the trace's plaintext. */
static void
test_rfc8448_records (void)
{
  g_autoptr(GBytes) flight = hex_bytes (rfc8448_server_flight);
  g_autoptr(GBytes) cfin = hex_bytes (rfc8448_client_finished);
  g_autoptr(GBytes) nst = hex_bytes (rfc8448_new_session_ticket);
  g_autoptr(GBytes) record = NULL;
  g_autoptr(GBytes) key = hex_bytes (RFC8448_S_AP_KEY);
  g_autoptr(GBytes) iv = hex_bytes (RFC8448_S_AP_IV);
  g_autoptr(GError) error = NULL;
  guint8 app[50];
  HsvizDecryptedRecord dec;
  guint8 *tampered;
  gsize len;

  for (guint i = 0; i < sizeof app; i++)
    app[i] = i;

  /* the server's flight under the server handshake key, seq 0: EE, Certificate, CV, Finished */
  decrypt (rfc8448_server_flight_record, RFC8448_S_HS_KEY, RFC8448_S_HS_IV, 0, &dec);
  g_assert_cmpint (dec.content_type, ==, 22);
  g_assert_true (g_bytes_equal (dec.plaintext, flight));
  g_assert_cmpstr (dec.nonce, ==, RFC8448_S_HS_IV);
  g_assert_cmpstr (dec.aad, ==, "17030302a2");
  hsviz_decrypted_record_clear (&dec);

  /* the client Finished under the client handshake key, seq 0 */
  decrypt (rfc8448_client_finished_record, RFC8448_C_HS_KEY, RFC8448_C_HS_IV, 0, &dec);
  g_assert_cmpint (dec.content_type, ==, 22);
  g_assert_true (g_bytes_equal (dec.plaintext, cfin));
  hsviz_decrypted_record_clear (&dec);

  /* the NewSessionTicket, the first record under the server application key (seq 0) */
  decrypt (rfc8448_new_session_ticket_record, RFC8448_S_AP_KEY, RFC8448_S_AP_IV, 0, &dec);
  g_assert_cmpint (dec.content_type, ==, 22);
  g_assert_true (g_bytes_equal (dec.plaintext, nst));
  hsviz_decrypted_record_clear (&dec);

  /* application data both ways: 00 01 … 31; the server's is its second record (seq 1) */
  decrypt (rfc8448_client_app_record, RFC8448_C_AP_KEY, RFC8448_C_AP_IV, 0, &dec);
  g_assert_cmpint (dec.content_type, ==, 23);
  g_assert_cmpmem (g_bytes_get_data (dec.plaintext, NULL), g_bytes_get_size (dec.plaintext), app, sizeof app);
  hsviz_decrypted_record_clear (&dec);
  decrypt (rfc8448_server_app_record, RFC8448_S_AP_KEY, RFC8448_S_AP_IV, 1, &dec);
  g_assert_cmpint (dec.content_type, ==, 23);
  g_assert_cmpmem (g_bytes_get_data (dec.plaintext, NULL), g_bytes_get_size (dec.plaintext), app, sizeof app);
  g_assert_cmpstr (dec.nonce, ==, "cf782b88dd83549aadf1e985");
  hsviz_decrypted_record_clear (&dec);

  /* the wrong sequence number, or one flipped bit, fails the tag check */
  record = hex_bytes (rfc8448_server_app_record);
  g_assert_false (hsviz_tls_record_decrypt (HSVIZ_VERSION_TLS13, 0x1301, g_bytes_get_data (key, NULL), 16,
                                            g_bytes_get_data (iv, NULL), 12, 0, record, &dec, &error));
  g_assert_nonnull (error);
  g_assert_null (dec.plaintext);
  g_clear_error (&error);
  tampered = g_bytes_unref_to_data (g_steal_pointer (&record), &len);
  tampered[10] ^= 1;
  record = g_bytes_new_take (tampered, len);
  g_assert_false (hsviz_tls_record_decrypt (HSVIZ_VERSION_TLS13, 0x1301, g_bytes_get_data (key, NULL), 16,
                                            g_bytes_get_data (iv, NULL), 12, 1, record, &dec, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);

  /* a non-AEAD suite is refused, not guessed */
  g_assert_false (hsviz_tls_record_decrypt (HSVIZ_VERSION_TLS12, 0x002f, g_bytes_get_data (key, NULL), 16,
                                            g_bytes_get_data (iv, NULL), 12, 1, record, &dec, &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
}

/* ---- the whole schedule of a session ------------------------------------------------------ */


/* The RFC 8448 trace as a session: its messages, its records, its secrets as a key log, and
 * its application keys as the record layer's (none when @c_ap_key is NULL).  @s_hs_secret and
 * @c_ap_key let a test give wrong ones. */
static HsvizConnection *
rfc8448_session (const char *s_hs_secret,
                 const char *c_ap_key)
{
  HsvizConnection *session = hsviz_connection_new ();
  const char *cr = "cb34ecb1e78163ba1c38c6dacb196a6dffa21a8d9912ec18a2ef6283024dece7";
  g_autoptr(GBytes) ch = hex_bytes (rfc8448_client_hello);
  g_autoptr(GBytes) sh = hex_bytes (rfc8448_server_hello);
  g_autoptr(GBytes) flight = hex_bytes (rfc8448_server_flight);
  g_autoptr(GBytes) ch_rec_header = hex_bytes ("16030100c4");
  g_autoptr(GBytes) sh_rec_header = hex_bytes ("160303005a");
  g_autoptr(GBytes) ch_rec = concat (ch_rec_header, ch, NULL);
  g_autoptr(GBytes) sh_rec = concat (sh_rec_header, sh, NULL);
  struct { HsvizDirection dir; const char *hex; } records[] = {
    { HSVIZ_DIRECTION_SERVER, rfc8448_server_flight_record },
    { HSVIZ_DIRECTION_CLIENT, rfc8448_client_finished_record },
    { HSVIZ_DIRECTION_SERVER, rfc8448_new_session_ticket_record },
    { HSVIZ_DIRECTION_CLIENT, rfc8448_client_app_record },
    { HSVIZ_DIRECTION_SERVER, rfc8448_server_app_record },
  };
  g_autoptr(GBytes) c_key = c_ap_key != NULL ? hex_bytes (c_ap_key) : NULL;
  g_autoptr(GBytes) s_key = hex_bytes (RFC8448_S_AP_KEY);
  g_autoptr(GBytes) c_iv = hex_bytes (RFC8448_C_AP_IV);
  g_autoptr(GBytes) s_iv = hex_bytes (RFC8448_S_AP_IV);
  gsize off = 0, flen;
  const guint8 *f = g_bytes_get_data (flight, &flen);

  hsviz_connection_add_message (session, HSVIZ_DIRECTION_CLIENT, 0, ch);
  hsviz_connection_add_message (session, HSVIZ_DIRECTION_SERVER, 1, sh);
  /* EncryptedExtensions, Certificate, CertificateVerify, Finished: split by their headers */
  while (off < flen)
    {
      gsize len = 4 + ((f[off + 1] << 16) | (f[off + 2] << 8) | f[off + 3]);
      g_autoptr(GBytes) m = g_bytes_new_from_bytes (flight, off, len);

      hsviz_connection_add_message (session, HSVIZ_DIRECTION_SERVER, 2, m);
      off += len;
    }
  g_assert_cmpuint (off, ==, flen);
  {
    g_autoptr(GBytes) cfin = hex_bytes (rfc8448_client_finished);
    g_autoptr(GBytes) nst = hex_bytes (rfc8448_new_session_ticket);

    hsviz_connection_add_message (session, HSVIZ_DIRECTION_CLIENT, 3, cfin);
    hsviz_connection_add_message (session, HSVIZ_DIRECTION_SERVER, 4, nst);
  }

  hsviz_connection_add_record (session, HSVIZ_DIRECTION_CLIENT, 0, ch_rec);
  hsviz_connection_add_record (session, HSVIZ_DIRECTION_SERVER, 1, sh_rec);
  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    {
      g_autoptr(GBytes) r = hex_bytes (records[i].hex);
      hsviz_connection_add_record (session, records[i].dir, 2 + i, r);
    }

  hsviz_connection_add_keylog (session, "SERVER_HANDSHAKE_TRAFFIC_SECRET", cr, s_hs_secret, 1);
  hsviz_connection_add_keylog (session, "CLIENT_HANDSHAKE_TRAFFIC_SECRET", cr, RFC8448_C_HS_TRAFFIC, 1);
  hsviz_connection_add_keylog (session, "SERVER_TRAFFIC_SECRET_0", cr, RFC8448_S_AP_TRAFFIC, 3);
  hsviz_connection_add_keylog (session, "CLIENT_TRAFFIC_SECRET_0", cr, RFC8448_C_AP_TRAFFIC, 3);
  if (c_ap_key != NULL)
    hsviz_connection_set_record_keys (session, NULL, c_key, s_key, c_iv, s_iv, NULL, NULL);
  hsviz_connection_complete (session);
  return session;
}

/* RFC 8448 §3 through hsviz_key_schedule_compute: every value derived and verified. */
static void
test_rfc8448_session (void)
{
  g_autoptr(HsvizConnection) session = rfc8448_session (RFC8448_S_HS_TRAFFIC, RFC8448_C_AP_KEY);
  const HsvizKeyScheduleEntry *e;

  g_assert_cmpuint (hsviz_connection_get_version (session), ==, HSVIZ_VERSION_TLS13);
  g_assert_cmpuint (hsviz_connection_get_cipher_suite (session), ==, 0x1301);

  hsviz_key_schedule_compute (session);
  hsviz_test_assert_key_schedule_verified (session, hsviz_test_tls13_key_schedule_names);
  hsviz_test_assert_key_schedule_value (session, "client_handshake_key", RFC8448_C_HS_KEY);
  hsviz_test_assert_key_schedule_value (session, "client_handshake_iv", RFC8448_C_HS_IV);
  hsviz_test_assert_key_schedule_value (session, "server_handshake_key", RFC8448_S_HS_KEY);
  hsviz_test_assert_key_schedule_value (session, "server_handshake_iv", RFC8448_S_HS_IV);
  hsviz_test_assert_key_schedule_value (session, "client_finished_key", RFC8448_C_FINISHED_KEY);
  hsviz_test_assert_key_schedule_value (session, "server_finished_key", RFC8448_S_FINISHED_KEY);
  hsviz_test_assert_key_schedule_value (session, "client_finished", "a8ec436d677634ae525ac1fcebe11a039ec17694fac6e98527b642f2edd5ce61");
  hsviz_test_assert_key_schedule_value (session, "server_finished", "9b9b141d906337fbd2cbdce71df4deda4ab42c309572cb7fffee5454b78f0718");
  hsviz_test_assert_key_schedule_value (session, "server_write_key", RFC8448_S_AP_KEY);
  hsviz_test_assert_key_schedule_value (session, "client_write_iv", RFC8448_C_AP_IV);
  /* 00 01 … 31, and the NewSessionTicket as the first server record under the application key */
  hsviz_test_assert_key_schedule_value (session, "client_first_record",
                                        "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
                                        "202122232425262728292a2b2c2d2e2f3031");
  e = hsviz_connection_find_key_schedule (session, "server_first_record");
  g_assert_true (g_str_has_prefix (e->value, "040000c9"));
  g_assert_nonnull (strstr (e->note, "inner content type handshake"));
  g_assert_nonnull (strstr (e->note, "post-handshake"));

  /* idempotent */
  hsviz_key_schedule_compute (session);
  hsviz_test_assert_key_schedule_verified (session, hsviz_test_tls13_key_schedule_names);
}

/* Without the record layer's keys, the application keys are confirmed by the records they
 * protected (the first record after each Finished decrypts with them). */
static void
test_rfc8448_no_record_keys (void)
{
  g_autoptr(HsvizConnection) session = rfc8448_session (RFC8448_S_HS_TRAFFIC, NULL);

  hsviz_key_schedule_compute (session);
  hsviz_test_assert_key_schedule_verified (session, hsviz_test_tls13_key_schedule_names);
  hsviz_test_assert_key_schedule_value (session, "client_write_key", RFC8448_C_AP_KEY);
  hsviz_test_assert_key_schedule_value (session, "server_write_iv", RFC8448_S_AP_IV);
  g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (session, "client_write_key")->note, "did not store"));
  g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (session, "client_write_key")->note, "decrypts with it"));
}

/* A wrong secret or a wrong record key is caught, not waved through. */
static void
test_rfc8448_wrong (void)
{
  /* the client handshake secret given as the server's */
  g_autoptr(HsvizConnection) a = rfc8448_session (RFC8448_C_HS_TRAFFIC, RFC8448_C_AP_KEY);
  /* the server's application key stored as the client's */
  g_autoptr(HsvizConnection) b = rfc8448_session (RFC8448_S_HS_TRAFFIC, RFC8448_S_AP_KEY);
  const char *bad_a[] = { "server_handshake_traffic_secret", "server_handshake_key", "server_handshake_iv",
                          "server_finished_key", "server_finished" };

  hsviz_key_schedule_compute (a);
  for (guint i = 0; i < G_N_ELEMENTS (bad_a); i++)
    g_assert_false (hsviz_connection_find_key_schedule (a, bad_a[i])->verified);
  g_assert_nonnull (strstr (hsviz_connection_find_key_schedule (a, "server_handshake_key")->note, "did NOT decrypt"));
  g_assert_true (hsviz_connection_find_key_schedule (a, "client_finished")->verified);
  g_assert_true (hsviz_connection_find_key_schedule (a, "server_write_key")->verified);

  hsviz_key_schedule_compute (b);
  g_assert_false (hsviz_connection_find_key_schedule (b, "client_write_key")->verified);
  g_assert_false (hsviz_connection_find_key_schedule (b, "client_application_traffic_secret_0")->verified);
  g_assert_true (hsviz_connection_find_key_schedule (b, "client_write_iv")->verified);
  g_assert_true (hsviz_connection_find_key_schedule (b, "server_finished")->verified);
}

/* No secrets: nothing is added. */
static void
test_no_secrets (void)
{
  g_autoptr(HsvizConnection) session = rfc8448_session (RFC8448_S_HS_TRAFFIC, RFC8448_C_AP_KEY);
  g_autoptr(HsvizConnection) bare = hsviz_connection_new ();
  g_autoptr(GBytes) ch = hex_bytes (rfc8448_client_hello);

  hsviz_connection_add_message (bare, HSVIZ_DIRECTION_CLIENT, 0, ch);
  hsviz_connection_complete (bare);
  hsviz_key_schedule_compute (bare);
  g_assert_cmpuint (hsviz_connection_get_key_schedule (bare)->len, ==, 0);

  hsviz_connection_strip_secrets (session);
  hsviz_key_schedule_compute (session);
  g_assert_cmpuint (hsviz_connection_get_key_schedule (session)->len, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/handshakeviz/key-schedule/tls12-prf", test_tls12_prf);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/secrets", test_rfc8448_secrets);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/traffic-keys", test_rfc8448_traffic_keys);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/finished", test_rfc8448_finished);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/records", test_rfc8448_records);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/session", test_rfc8448_session);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/no-record-keys", test_rfc8448_no_record_keys);
  g_test_add_func ("/handshakeviz/key-schedule/rfc8448/wrong-secrets", test_rfc8448_wrong);
  g_test_add_func ("/handshakeviz/key-schedule/no-secrets", test_no_secrets);

  return g_test_run ();
}
