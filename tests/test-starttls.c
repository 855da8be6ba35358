/* test-starttls.c — STARTTLS and implicit TLS against real daemons from Debian
 *
 * Dovecot (IMAP, POP3), Exim (SMTP), OpenLDAP slapd (StartTLS), PostgreSQL (SSLRequest),
 * Prosody (XMPP) and vsftpd (FTP AUTH TLS), each with a private configuration on 127.0.0.1,
 * started once for the file.  Truth from outside our code: tshark records the connection and
 * its TCP stream, byte for byte, must hold what the session says was said in clear before the
 * ClientHello; the handshake after it must complete as tshark dissects it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "hsviz-test-tshark.h"
#include "hsviz-test-utils.h"
#include "hsviz-util.h"

typedef struct
{
  const char *name;        /* the test's name */
  const char *kind;        /* the peer */
  const char *variant;     /* its extra argument */
  const char *scheme;      /* the URL's */
  const char *protocol;    /* STARTTLS protocol, NULL for implicit TLS */
  const char *in_clear;    /* a server line the exchange must hold */
  const char *greeting;    /* a text step 6's response must hold, or NULL */
  const char *goodbye;     /* what we said last after TLS, or NULL */
} Case;

static const Case cases[] = {
  { "imap", "dovecot", "imap", "imap", "imap", "a2 OK", "CAPABILITY IMAP4rev1", "a4 LOGOUT" },
  { "pop3", "dovecot", "pop3", "pop3", "pop3", "+OK Begin TLS", "SASL", "QUIT" },
  { "imaps", "dovecot", "imaps", "imaps", NULL, NULL, "* OK", "a4 LOGOUT" },
  { "pop3s", "dovecot", "pop3s", "pop3s", NULL, NULL, "+OK Dovecot", "QUIT" },
  { "smtp", "exim", NULL, "smtp", "smtp", "220 TLS go ahead", "250 HELP", "QUIT" },
  { "smtps", "exim", "smtps", "smtps", NULL, NULL, "220 localhost ESMTP Exim", "QUIT" },
  { "ldap", "slapd", NULL, "ldap", "ldap", "resultCode 0 (success)", NULL, "UnbindRequest" },
  { "ldaps", "slapd", "ldaps", "ldaps", NULL, NULL, NULL, "UnbindRequest" },
  { "postgres", "postgres", NULL, "postgres", "postgres", "'S'", NULL, NULL },
  { "xmpp", "prosody", NULL, "xmpp", "xmpp", "<proceed", "<stream:features>", "</stream:stream>" },
  { "ftp", "vsftpd", NULL, "ftp", "ftp", "234 ", NULL, "QUIT" },
};

static HsvizTestPeer *peers[G_N_ELEMENTS (cases)];

static HsvizConnection *
capture (const char  *url,
         const char  *starttls,
         GError     **error)
{
  HsvizCaptureOptions options = { 0 };

  options.url = g_strdup (url);
  options.servername = g_strdup ("localhost");
  options.cafile = hsviz_test_cert_path ("ca.pem");
  options.starttls = g_strdup (starttls);
  options.timeout_ms = 30000;
  options.no_ocsp = TRUE;
  return hsviz_test_capture_options (&options, error);
}

/* The bytes of one thing said: text as is, binary as the hex after "description: ". */
static void
append_said (GByteArray           *out,
             const HsvizClearText *said,
             gboolean              binary)
{
  if (binary)
    {
      const char *hex = strrchr (said->text, ' ');
      g_autoptr(GBytes) bytes = hsviz_hex_decode (hex + 1, NULL);
      gsize len = 0;
      const guint8 *p;

      g_assert_nonnull (bytes);
      p = g_bytes_get_data (bytes, &len);
      g_byte_array_append (out, p, (guint) len);
    }
  else
    g_byte_array_append (out, (const guint8 *) said->text, (guint) strlen (said->text));
}

/* tshark's TCP stream 0, each direction's bytes up to the client's first TLS record. */
static void
wire_in_clear (const char *pcap,
               GByteArray *client,
               GByteArray *server)
{
  const char *args[] = { "-q", "-z", "follow,tcp,raw,0", NULL };
  g_autofree char *out = hsviz_test_tshark_read (pcap, NULL, NULL, args);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  gboolean in_data = FALSE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      gboolean from_server = lines[i][0] == '\t';
      const char *hex = g_strstrip (lines[i]);
      gsize len = 0;
      g_autoptr(GBytes) decoded = NULL;
      const guint8 *bytes;

      if (g_str_has_prefix (hex, "Node 1:"))
        {
          in_data = TRUE;
          continue;
        }
      if (!in_data || *hex == '\0' || g_str_has_prefix (hex, "===="))
        continue;
      decoded = hsviz_hex_decode (hex, NULL);
      g_assert_nonnull (decoded);
      bytes = g_bytes_get_data (decoded, &len);
      if (!from_server && len >= 3 && bytes[0] == 0x16 && bytes[1] == 0x03)
        break;   /* the ClientHello: TLS from here */
      g_byte_array_append (from_server ? server : client, bytes, (guint) len);
    }
}

static void
test_case (gconstpointer data)
{
  const Case *c = data;
  guint n = (guint) (c - cases);
  HsvizTestPeer *peer = peers[n];
  g_autoptr(HsvizTestTshark) tshark = hsviz_test_tshark_start (hsviz_test_peer_get_port (peer));
  g_autofree char *url = g_strdup_printf ("%s://%s/", c->scheme, hsviz_test_peer_get_address (peer));
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) connection = capture (url, NULL, &error);
  g_autoptr(GByteArray) ours_client = g_byte_array_new ();
  g_autoptr(GByteArray) ours_server = g_byte_array_new ();
  g_autoptr(GByteArray) wire_client = g_byte_array_new ();
  g_autoptr(GByteArray) wire_server = g_byte_array_new ();
  const HsvizApplicationData *app;
  GPtrArray *said;
  const char *pcap;
  gboolean binary = g_strcmp0 (c->protocol, "ldap") == 0 || g_strcmp0 (c->protocol, "postgres") == 0;

  g_assert_no_error (error);
  pcap = hsviz_test_tshark_stop (tshark);
  g_assert_true (hsviz_connection_get_outcome (connection)->completed);
  g_assert_cmpstr (hsviz_connection_get_starttls (connection), ==, c->protocol);

  /* what was said in clear is what crossed the wire before the ClientHello */
  said = hsviz_connection_get_cleartext (connection);
  for (guint i = 0; i < said->len; i++)
    {
      const HsvizClearText *t = g_ptr_array_index (said, i);

      append_said (t->direction == HSVIZ_DIRECTION_SERVER ? ours_server : ours_client, t, binary);
      g_test_message ("%s %s", t->direction == HSVIZ_DIRECTION_SERVER ? "<-" : "->", t->text);
    }
  wire_in_clear (pcap, wire_client, wire_server);
  g_assert_cmpmem (ours_client->data, ours_client->len, wire_client->data, wire_client->len);
  g_assert_cmpmem (ours_server->data, ours_server->len, wire_server->data, wire_server->len);
  if (c->protocol != NULL)
    {
      const HsvizClearText *last = g_ptr_array_index (said, said->len - 1);

      g_assert_cmpuint (said->len, >=, 2);
      g_assert_cmpint (last->direction, ==, HSVIZ_DIRECTION_SERVER);
      g_assert_nonnull (strstr (last->text, c->in_clear));
    }
  else
    g_assert_cmpuint (said->len, ==, 0);

  /* the timeline opens with them, in order, before step 1 */
  {
    HsvizTimeline *timeline = hsviz_connection_get_timeline (connection);

    for (guint i = 0; i < said->len; i++)
      {
        HsvizTimelineItem *item = hsviz_timeline_peek_item (timeline, i);
        const HsvizClearText *t = g_ptr_array_index (said, i);

        g_assert_cmpint (hsviz_timeline_item_get_kind (item), ==, HSVIZ_TIMELINE_CLEARTEXT);
        g_assert_cmpint (hsviz_timeline_item_get_step (item), ==, HSVIZ_STEP_NONE);
        g_assert_cmpstr (hsviz_timeline_item_get_detail (item), ==, t->text);
      }
    g_assert_cmpint (hsviz_timeline_item_get_kind (hsviz_timeline_peek_item (timeline, said->len)), !=,
                     HSVIZ_TIMELINE_CLEARTEXT);
  }

  /* tshark dissects a whole handshake after it */
  {
    const char *fields[] = { "-T", "fields", "-e", "tls.handshake.type", NULL };
    g_autofree char *types = hsviz_test_tshark_read (pcap, NULL, "tls.handshake.type == 1", fields);

    g_assert_nonnull (strstr (types, "1"));
  }

  /* step 6: the greeting and the goodbye, no HTTP */
  app = hsviz_connection_get_application_data (connection);
  if (c->greeting != NULL)
    {
      g_assert_nonnull (app->response);
      g_assert_nonnull (strstr (app->response, c->greeting));
    }
  if (c->goodbye != NULL)
    g_assert_nonnull (strstr (app->request, c->goodbye));
  if (app->present)
    g_assert_null (strstr (app->request, "HTTP/"));
  g_assert_null (hsviz_connection_get_alpn (connection));
}

/* Exim without tls_advertise_hosts does not offer STARTTLS: a clear error, and the session keeps
 * what was said (it saves and reloads). */
static void
test_not_offered (void)
{
  const char *args[] = { "notls", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizTestPeer) peer = hsviz_test_peer_start ("exim", args, &error);
  g_autofree char *url = NULL;
  g_autoptr(HsvizConnection) connection = NULL;
  g_autoptr(HsvizConnection) reloaded = NULL;
  g_autofree char *data = NULL;
  const HsvizOutcome *o;

  g_assert_no_error (error);
  url = g_strdup_printf ("smtp://%s", hsviz_test_peer_get_address (peer));
  connection = capture (url, NULL, &error);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS);
  g_assert_nonnull (strstr (error->message, "does not offer STARTTLS"));
  g_assert_nonnull (connection);
  o = hsviz_connection_get_outcome (connection);
  g_assert_false (o->completed);
  g_assert_cmpint (o->error_code, ==, HSVIZ_ERROR_STARTTLS);
  g_assert_cmpuint (hsviz_connection_get_n_messages (connection), ==, 0);
  g_assert_cmpuint (hsviz_connection_get_cleartext (connection)->len, ==, 3);   /* 220, EHLO, 250 */

  g_clear_error (&error);
  reloaded = hsviz_test_reload (connection, TRUE, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (hsviz_connection_get_starttls (reloaded), ==, "smtp");
  g_assert_cmpuint (hsviz_connection_get_cleartext (reloaded)->len, ==, 3);
}

/* --starttls with host:port, and the wrong protocol for the port: refused, said clearly */
static void
test_explicit_option (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(HsvizConnection) connection = NULL;
  HsvizTestPeer *imap = peers[0];

  connection = capture (hsviz_test_peer_get_address (imap), "imap", &error);
  g_assert_no_error (error);
  g_assert_true (hsviz_connection_get_outcome (connection)->completed);
  g_assert_cmpstr (hsviz_connection_get_starttls (connection), ==, "imap");
  g_assert_true (g_str_has_prefix (hsviz_connection_get_target (connection)->url, "imap://127.0.0.1:"));
  g_clear_object (&connection);

  connection = capture (hsviz_test_peer_get_address (imap), "smtp", &error);
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_STARTTLS);
  g_assert_nonnull (strstr (error->message, "refused"));
  g_clear_error (&error);
  g_clear_object (&connection);

  g_assert_null (capture (hsviz_test_peer_get_address (imap), "gopher", &error));
  g_assert_error (error, HSVIZ_ERROR, HSVIZ_ERROR_INVALID_ARGUMENT);
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *args[] = { cases[i].variant, NULL };
      g_autofree char *name = g_strdup_printf ("/handshakeviz/starttls/%s", cases[i].name);

      peers[i] = hsviz_test_peer_start (cases[i].kind, args, &error);
      if (peers[i] == NULL)
        g_error ("%s did not start: %s", cases[i].kind, error->message);
      g_test_add_data_func (name, &cases[i], test_case);
    }
  g_test_add_func ("/handshakeviz/starttls/not-offered", test_not_offered);
  g_test_add_func ("/handshakeviz/starttls/explicit-option", test_explicit_option);

  ret = g_test_run ();
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    hsviz_test_peer_stop (peers[i]);
  return ret;
}
