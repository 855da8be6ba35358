/* hsviz-steps.c — the one mapping from wire events to the six teaching steps
 * (the table in docs/architecture.md, "The six steps")
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-steps.h"

/* The columns of the step table (docs/architecture.md). */
typedef enum
{
  COLUMN_TLS12_RSA,     /* RSA key transport (also the textbook flow when nothing is known) */
  COLUMN_TLS12_DHE,     /* (EC)DHE */
  COLUMN_TLS12_PSK,     /* PSK, SRP: no certificate-based key exchange */
  COLUMN_TLS13,
  N_COLUMNS
} Column;

static Column
column_for (guint16          version,
            HsvizKeyExchange kx)
{
  if (version == HSVIZ_VERSION_TLS13 || kx == HSVIZ_KX_TLS13)
    return COLUMN_TLS13;

  switch (kx)
    {
    case HSVIZ_KX_DHE:
    case HSVIZ_KX_ECDHE:
    case HSVIZ_KX_DHE_PSK:
    case HSVIZ_KX_ECDHE_PSK:
      return COLUMN_TLS12_DHE;
    case HSVIZ_KX_PSK:
    case HSVIZ_KX_SRP:
      return COLUMN_TLS12_PSK;
    case HSVIZ_KX_RSA:
    case HSVIZ_KX_RSA_PSK:
    case HSVIZ_KX_UNKNOWN:
    case HSVIZ_KX_TLS13:
    default:
      return COLUMN_TLS12_RSA;
    }
}

/**
 * hsviz_step_for_message:
 * @query: what is known about one handshake message
 *
 * The step (docs/architecture.md, "The six steps") a handshake message belongs to, for the protocol negotiated.
 * Under an unknown version (before the ServerHello) the TLS 1.2 mapping is used, which
 * puts ClientHello in step 1 and ServerHello in step 2 like every column.
 *
 * Returns: the step, or %HSVIZ_STEP_NONE for a message type outside the handshake
 */
HsvizStep
hsviz_step_for_message (const HsvizStepQuery *query)
{
  gboolean tls13;
  gboolean from_client;

  g_return_val_if_fail (query != NULL, HSVIZ_STEP_NONE);

  tls13 = query->version == HSVIZ_VERSION_TLS13 || query->kx == HSVIZ_KX_TLS13;
  from_client = query->direction == HSVIZ_DIRECTION_CLIENT;

  /* TLS 1.3 post-handshake messages (NewSessionTicket, KeyUpdate, post-handshake
   * authentication) travel under the application keys. */
  if (tls13 && query->after_handshake)
    return HSVIZ_STEP_ENCRYPTION;

  switch (query->type_code)
    {
    case HSVIZ_HS_HELLO_REQUEST:
      /* a TLS 1.2 server asking to renegotiate: after the handshake it comes encrypted, among
       * the application data */
      return query->after_handshake ? HSVIZ_STEP_ENCRYPTION : HSVIZ_STEP_CLIENT_HELLO;

    case HSVIZ_HS_CLIENT_HELLO:
      return HSVIZ_STEP_CLIENT_HELLO;

    case HSVIZ_HS_SERVER_HELLO:          /* HelloRetryRequest too: the server's answer */
    case HSVIZ_HS_ENCRYPTED_EXTENSIONS:
    case HSVIZ_HS_SERVER_KEY_EXCHANGE:
    case HSVIZ_HS_CERTIFICATE_REQUEST:
    case HSVIZ_HS_SERVER_HELLO_DONE:
    case HSVIZ_HS_CERTIFICATE_STATUS:
      return HSVIZ_STEP_SERVER_HELLO;

    case HSVIZ_HS_CERTIFICATE:
    case HSVIZ_HS_CERTIFICATE_VERIFY:
      /* the server authenticates in step 2, the client (if asked) in step 3 */
      return from_client ? HSVIZ_STEP_AUTHENTICATION : HSVIZ_STEP_SERVER_HELLO;

    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
      return HSVIZ_STEP_AUTHENTICATION;

    case HSVIZ_HS_FINISHED:
      /* the TLS 1.3 server's Finished closes its first flight (step 2) */
      if (tls13 && !from_client)
        return HSVIZ_STEP_SERVER_HELLO;
      return HSVIZ_STEP_ENCRYPTION;

    case HSVIZ_HS_NEW_SESSION_TICKET:
    case HSVIZ_HS_END_OF_EARLY_DATA:
    case HSVIZ_HS_KEY_UPDATE:
      return HSVIZ_STEP_ENCRYPTION;

    default:
      return HSVIZ_STEP_NONE;
    }
}

/**
 * hsviz_step_for_record:
 * @version: the negotiated version, 0 if not known yet
 * @content_type: the record's content type
 * @after_handshake: %TRUE once both Finished messages have been seen
 * @step_so_far: the step of the last handshake message before this record
 *
 * Returns: the step of a record that is not a handshake message
 */
HsvizStep
hsviz_step_for_record (guint16   version,
                       guint8    content_type,
                       gboolean  after_handshake,
                       HsvizStep step_so_far)
{
  switch (content_type)
    {
    case HSVIZ_CONTENT_CHANGE_CIPHER_SPEC:
      /* TLS 1.3 keeps CCS only for middlebox compatibility: it changes nothing */
      if (version == HSVIZ_VERSION_TLS13)
        return step_so_far;
      return HSVIZ_STEP_ENCRYPTION;

    case HSVIZ_CONTENT_APPLICATION_DATA:
      /* before the end of the handshake these are TLS 1.3 encrypted handshake records */
      return after_handshake ? HSVIZ_STEP_ENCRYPTION : step_so_far;

    case HSVIZ_CONTENT_ALERT:
    case HSVIZ_CONTENT_HANDSHAKE:
    default:
      return step_so_far;
    }
}

/**
 * hsviz_step_for_action:
 * @version: the negotiated version
 * @action: a local computation drawn on a lifeline
 *
 * Returns: the step the action belongs to
 */
HsvizStep
hsviz_step_for_action (guint16     version,
                       HsvizAction action)
{
  gboolean tls13 = version == HSVIZ_VERSION_TLS13;

  switch (action)
    {
    case HSVIZ_ACTION_VERIFY_CERTIFICATE:
      return HSVIZ_STEP_AUTHENTICATION;
    case HSVIZ_ACTION_PRE_MASTER:
      /* TLS 1.3 has no pre-master secret: the (EC)DHE shared secret enters the key schedule */
      return tls13 ? HSVIZ_STEP_MASTER_SECRET : HSVIZ_STEP_AUTHENTICATION;
    case HSVIZ_ACTION_MASTER_SECRET:
      return HSVIZ_STEP_MASTER_SECRET;
    case HSVIZ_ACTION_SESSION_KEYS:
      return HSVIZ_STEP_SESSION_KEYS;
    default:
      return HSVIZ_STEP_NONE;
    }
}

/**
 * hsviz_step_title:
 * @step: a step
 *
 * Returns: (transfer none): the translated title of @step
 */
const char *
hsviz_step_title (HsvizStep step)
{
  switch (step)
    {
    case HSVIZ_STEP_CLIENT_HELLO:
      return _("Client Hello");
    case HSVIZ_STEP_SERVER_HELLO:
      return _("Server Hello");
    case HSVIZ_STEP_AUTHENTICATION:
      return _("Authentication and pre-master secret");
    case HSVIZ_STEP_MASTER_SECRET:
      return _("Decryption and master secret");
    case HSVIZ_STEP_SESSION_KEYS:
      return _("Session keys");
    case HSVIZ_STEP_ENCRYPTION:
      return _("Encryption with the session key");
    case HSVIZ_STEP_NONE:
    default:
      return _("Outside the six steps");
    }
}

/* explanations[step - 1][column]; NULL means "same as the RSA column" */
static const char * const explanations[HSVIZ_N_STEPS][N_COLUMNS] = {
  /* 1 Client Hello */
  {
    N_("The client opens the handshake with a ClientHello: the highest version it supports, "
       "a fresh 32-byte client random, a session id (empty for a new session), the cipher "
       "suites it offers in order of preference, the compression methods (only \"null\" is "
       "used today) and extensions such as server_name (the host it wants), supported_groups "
       "and signature_algorithms."),
    NULL,
    NULL,
    N_("TLS 1.3: the client opens the handshake with a ClientHello: a fresh 32-byte client "
       "random, the cipher suites it offers and its extensions. The version field still says "
       "TLS 1.2; the real versions are in supported_versions. key_share already carries the "
       "client's ephemeral (EC)DHE public key for the groups it expects the server to accept, "
       "so the key exchange can finish in one round trip."),
  },
  /* 2 Server Hello */
  {
    N_("The server answers with ServerHello (the chosen version and cipher suite and a fresh "
       "32-byte server random), then its Certificate chain, optionally a stapled OCSP "
       "CertificateStatus and a CertificateRequest, and ends its flight with ServerHelloDone. "
       "With RSA key transport there is no ServerKeyExchange: the RSA public key in the "
       "certificate is the key the client will encrypt the pre-master secret to."),
    N_("The server answers with ServerHello (the chosen version and cipher suite and a fresh "
       "32-byte server random) and its Certificate chain, optionally a stapled OCSP "
       "CertificateStatus, then ServerKeyExchange: its ephemeral (EC)DHE public key and "
       "group, signed with the certificate's private key so that the client knows it comes "
       "from the owner of the certificate. An optional CertificateRequest and ServerHelloDone "
       "close the flight."),
    N_("The server answers with ServerHello (the chosen version and cipher suite and a fresh "
       "32-byte server random). With a pre-shared key or SRP suite, ServerKeyExchange carries "
       "an identity hint or the SRP parameters instead of a signed (EC)DHE key. "
       "ServerHelloDone closes the flight."),
    N_("TLS 1.3: the server answers with ServerHello: the chosen cipher suite, a fresh 32-byte "
       "server random and its own key_share. (If none of the client's key shares suits it, it "
       "first sends a HelloRetryRequest naming the group it wants, and the client starts again "
       "at step 1.) Everything after ServerHello is encrypted with the handshake keys: "
       "EncryptedExtensions, an optional CertificateRequest, the Certificate chain, "
       "CertificateVerify (a signature over the transcript so far, proving the server holds "
       "the private key) and the server's Finished."),
  },
  /* 3 Authentication and pre-master secret */
  {
    N_("The client checks the server's certificate chain: the name matches the host, the "
       "dates are valid and each certificate is signed by a trusted issuer. It then makes a "
       "48-byte pre-master secret, encrypts it with the RSA public key of the certificate and "
       "sends it in ClientKeyExchange: only the holder of the private key can read it. If the "
       "server asked for one, the client first sends its own Certificate, and a "
       "CertificateVerify after ClientKeyExchange."),
    N_("The client checks the server's certificate chain and the signature on "
       "ServerKeyExchange. ClientKeyExchange carries the client's ephemeral (EC)DHE public "
       "key: no secret is encrypted to the server. Each side combines its own private key "
       "with the other's public key and both get the same shared secret, which is the "
       "pre-master secret. If the server asked for one, the client also sends its "
       "Certificate and a CertificateVerify."),
    N_("With a pre-shared key (PSK) or SRP password suite there is no certificate-based key "
       "exchange: ClientKeyExchange names the client's identity (and carries its SRP value), "
       "and both sides build the pre-master secret from the shared key or password."),
    N_("TLS 1.3: no pre-master secret is sent; the shared secret comes from the key_share "
       "entries of steps 1 and 2. The client checks the server's Certificate chain (name, "
       "dates, issuer) and its CertificateVerify signature over the transcript. If the server "
       "asked for a client certificate, the client sends its Certificate and CertificateVerify "
       "now, encrypted."),
  },
  /* 4 Decryption and master secret */
  {
    N_("The server decrypts the pre-master secret with its private key. Both sides now "
       "compute the 48-byte master secret with the TLS PRF: PRF(pre_master_secret, "
       "\"extended master secret\", session_hash) when Extended Master Secret is used (the "
       "default today), or PRF(pre_master_secret, \"master secret\", client_random + "
       "server_random) otherwise."),
    N_("The server computes the same (EC)DHE shared secret from its private key and the "
       "client's public key; nothing needs decrypting. Both sides then compute the 48-byte "
       "master secret with the TLS PRF: PRF(pre_master_secret, \"extended master secret\", "
       "session_hash), or with \"master secret\" and the two randoms when Extended Master "
       "Secret is not used."),
    N_("Both sides build the pre-master secret from the pre-shared key or the SRP "
       "exchange, then compute the 48-byte master secret with the TLS PRF: "
       "PRF(pre_master_secret, \"extended master secret\", session_hash), or with \"master "
       "secret\" and the two randoms when Extended Master Secret is not used."),
    N_("TLS 1.3 replaces the PRF with the HKDF key schedule: early secret, then handshake "
       "secret (mixing in the (EC)DHE shared secret), then master secret. It runs right after "
       "ServerHello, before the encrypted part of step 2, because those messages are already "
       "protected by keys derived from it."),
  },
  /* 5 Session keys */
  {
    N_("Both sides expand the master secret into the key block: PRF(master_secret, \"key "
       "expansion\", server_random + client_random), cut into the client and server write "
       "keys, IVs and, for CBC suites, MAC keys. The client's keys protect what the client "
       "sends, the server's keys what the server sends."),
    NULL,
    NULL,
    N_("TLS 1.3: from each traffic secret, HKDF-Expand-Label derives a write key and an IV. "
       "The handshake traffic keys come first and protect the encrypted messages of step 2; "
       "after the Finished messages the application traffic keys take over."),
  },
  /* 6 Encryption with the session key */
  {
    N_("Each side sends ChangeCipherSpec (its following records are encrypted) and a Finished "
       "message: a MAC over the whole handshake proving that both computed the same keys and "
       "saw the same messages. A NewSessionTicket may come before the server's Finished. Then "
       "the application data (here the HTTP request and response) travels encrypted with the "
       "session keys."),
    NULL,
    NULL,
    N_("TLS 1.3: the client sends its Finished, an HMAC over the transcript. The server may "
       "then send NewSessionTickets for later resumption, and the application data (here the "
       "HTTP request and response) travels encrypted with the application traffic keys. "
       "ChangeCipherSpec records seen in TLS 1.3 are only there for middlebox compatibility "
       "and change nothing."),
  },
};

/**
 * hsviz_step_explain:
 * @step: a step
 * @version: the negotiated version, 0 if not known
 * @kx: the key exchange of the negotiated suite
 *
 * Returns: (transfer none): what @step is on this protocol, translated
 */
const char *
hsviz_step_explain (HsvizStep        step,
                    guint16          version,
                    HsvizKeyExchange kx)
{
  Column column;
  const char *text;

  if (step < HSVIZ_STEP_CLIENT_HELLO || step > HSVIZ_STEP_ENCRYPTION)
    return _("This message is not part of the six steps of the handshake.");

  column = column_for (version, kx);
  text = explanations[step - 1][column];
  if (text == NULL && column == COLUMN_TLS12_PSK)
    text = explanations[step - 1][COLUMN_TLS12_DHE];
  if (text == NULL)
    text = explanations[step - 1][COLUMN_TLS12_RSA];

  return _(text);
}
