/* hsviz-steps.c — the one mapping from wire events to the six teaching steps (DESIGN.md §2)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-steps.h"

HsvizStep
hsviz_step_for_message (const HsvizStepQuery *q)
{
  gboolean tls13 = q->version == HSVIZ_VERSION_TLS13;
  gboolean from_server = q->direction == HSVIZ_DIRECTION_SERVER;

  g_return_val_if_fail (q != NULL, HSVIZ_STEP_NONE);

  switch (q->type_code)
    {
    case HSVIZ_HS_CLIENT_HELLO:
      return HSVIZ_STEP_CLIENT_HELLO;          /* also the second one after a HelloRetryRequest */

    case HSVIZ_HS_SERVER_HELLO:                /* ServerHello and HelloRetryRequest */
    case HSVIZ_HS_ENCRYPTED_EXTENSIONS:
    case HSVIZ_HS_CERTIFICATE_STATUS:
    case HSVIZ_HS_SERVER_KEY_EXCHANGE:
    case HSVIZ_HS_CERTIFICATE_REQUEST:
    case HSVIZ_HS_SERVER_HELLO_DONE:
      return HSVIZ_STEP_SERVER_HELLO;

    case HSVIZ_HS_CERTIFICATE:
    case HSVIZ_HS_CERTIFICATE_VERIFY:
      /* the server's proves who it is (step 2); the client's answers a CertificateRequest */
      return from_server ? HSVIZ_STEP_SERVER_HELLO : HSVIZ_STEP_AUTHENTICATION;

    case HSVIZ_HS_CLIENT_KEY_EXCHANGE:
      return HSVIZ_STEP_AUTHENTICATION;

    case HSVIZ_HS_FINISHED:
      /* TLS 1.3: the server's Finished closes its first flight, before any key is derived
       * for application data; every other Finished is the first message under the new keys */
      if (tls13 && from_server)
        return HSVIZ_STEP_SERVER_HELLO;
      return HSVIZ_STEP_ENCRYPTION;

    case HSVIZ_HS_NEW_SESSION_TICKET:
    case HSVIZ_HS_KEY_UPDATE:
    case HSVIZ_HS_END_OF_EARLY_DATA:
      return HSVIZ_STEP_ENCRYPTION;

    case HSVIZ_HS_HELLO_REQUEST:
      return q->after_handshake ? HSVIZ_STEP_ENCRYPTION : HSVIZ_STEP_CLIENT_HELLO;

    default:
      return q->after_handshake ? HSVIZ_STEP_ENCRYPTION : HSVIZ_STEP_NONE;
    }
}

HsvizStep
hsviz_step_for_record (guint16   version,
                       guint8    content_type,
                       gboolean  after_handshake,
                       HsvizStep step_so_far)
{
  switch (content_type)
    {
    case HSVIZ_CONTENT_CHANGE_CIPHER_SPEC:
      /* TLS 1.3 keeps it only for middlebox compatibility: it changes nothing */
      if (version == HSVIZ_VERSION_TLS13)
        return step_so_far != HSVIZ_STEP_NONE ? step_so_far : HSVIZ_STEP_SERVER_HELLO;
      return HSVIZ_STEP_ENCRYPTION;

    case HSVIZ_CONTENT_APPLICATION_DATA:
      /* TLS 1.3 wraps the encrypted handshake in application-data records */
      if (after_handshake || version != HSVIZ_VERSION_TLS13)
        return HSVIZ_STEP_ENCRYPTION;
      return step_so_far != HSVIZ_STEP_NONE ? step_so_far : HSVIZ_STEP_SERVER_HELLO;

    case HSVIZ_CONTENT_HANDSHAKE:
    case HSVIZ_CONTENT_ALERT:
    default:
      if (after_handshake)
        return HSVIZ_STEP_ENCRYPTION;
      return step_so_far != HSVIZ_STEP_NONE ? step_so_far : HSVIZ_STEP_CLIENT_HELLO;
    }
}

HsvizStep
hsviz_step_for_action (guint16     version,
                       HsvizAction action)
{
  switch (action)
    {
    case HSVIZ_ACTION_VERIFY_CERTIFICATE:
      return HSVIZ_STEP_AUTHENTICATION;
    case HSVIZ_ACTION_PRE_MASTER:
      /* TLS 1.3 sends no pre-master secret: the (EC)DHE shared secret enters the key schedule */
      return version == HSVIZ_VERSION_TLS13 ? HSVIZ_STEP_MASTER_SECRET : HSVIZ_STEP_AUTHENTICATION;
    case HSVIZ_ACTION_MASTER_SECRET:
      return HSVIZ_STEP_MASTER_SECRET;
    case HSVIZ_ACTION_SESSION_KEYS:
      return HSVIZ_STEP_SESSION_KEYS;
    default:
      return HSVIZ_STEP_NONE;
    }
}

const char *
hsviz_step_title (HsvizStep step)
{
  switch (step)
    {
    case HSVIZ_STEP_CLIENT_HELLO:
      return _("Client Hello");
    case HSVIZ_STEP_SERVER_HELLO:
      return _("Server Hello and certificate");
    case HSVIZ_STEP_AUTHENTICATION:
      return _("Authentication and pre-master secret");
    case HSVIZ_STEP_MASTER_SECRET:
      return _("Master secret");
    case HSVIZ_STEP_SESSION_KEYS:
      return _("Session keys");
    case HSVIZ_STEP_ENCRYPTION:
      return _("Encryption with the session key");
    case HSVIZ_STEP_NONE:
    default:
      return _("Outside the six steps");
    }
}

const char *
hsviz_step_explain (HsvizStep        step,
                    guint16          version,
                    HsvizKeyExchange kx)
{
  gboolean tls13 = version == HSVIZ_VERSION_TLS13;
  gboolean rsa = !tls13 && (kx == HSVIZ_KX_RSA || kx == HSVIZ_KX_RSA_PSK);

  switch (step)
    {
    case HSVIZ_STEP_CLIENT_HELLO:
      if (tls13)
        return _("The client opens with a ClientHello: the versions it speaks (supported_versions), "
                 "a fresh 32-byte random, the cipher suites it accepts, and extensions. In TLS 1.3 it "
                 "already sends its ephemeral (EC)DHE public key in key_share, guessing the group the "
                 "server will pick, so the handshake needs one round trip less.");
      return _("The client opens with a ClientHello: the highest version it speaks, a fresh 32-byte "
               "random, a session id (empty for a new session), the cipher suites and compression "
               "methods it accepts, and extensions such as the server name (SNI) and the signature "
               "algorithms it trusts.");

    case HSVIZ_STEP_SERVER_HELLO:
      if (tls13)
        return _("The server answers with a ServerHello: the chosen suite, its own random and its "
                 "key_share. (If the client guessed the wrong group, a HelloRetryRequest sends it back "
                 "to step 1 first.) From here on everything is encrypted with handshake keys: "
                 "EncryptedExtensions, the Certificate chain, a CertificateVerify signature over the "
                 "transcript proving the server owns the key, and the server's Finished.");
      if (rsa)
        return _("The server answers with a ServerHello (the chosen version and suite, its own 32-byte "
                 "random), its Certificate chain, and ServerHelloDone. With RSA key transport the "
                 "certificate's public key is what the client will encrypt the pre-master secret to.");
      return _("The server answers with a ServerHello (the chosen version and suite, its own 32-byte "
               "random) and its Certificate chain, then a ServerKeyExchange: its ephemeral (EC)DHE "
               "public key, signed with the certificate's private key, and ServerHelloDone.");

    case HSVIZ_STEP_AUTHENTICATION:
      if (tls13)
        return _("The client checks the certificate chain (name, dates, issuer) and the "
                 "CertificateVerify signature over the transcript. TLS 1.3 sends no pre-master secret: "
                 "the shared secret comes from the key_share entries of steps 1 and 2, which both sides "
                 "combine with (EC)DHE.");
      if (rsa)
        return _("The client checks the certificate chain (name, dates, issuer), makes a 48-byte "
                 "pre-master secret, encrypts it with the server's RSA public key and sends it in the "
                 "ClientKeyExchange. Only the holder of the private key can read it.");
      return _("The client checks the certificate chain (name, dates, issuer) and the signature on "
               "the ServerKeyExchange. Its ClientKeyExchange carries its own ephemeral (EC)DHE public "
               "key: no secret is sent; both sides compute the same shared secret (the pre-master "
               "secret) from their private key and the other's public key.");

    case HSVIZ_STEP_MASTER_SECRET:
      if (tls13)
        return _("TLS 1.3 replaces the master secret with the HKDF key schedule: early secret → "
                 "handshake secret (mixing in the (EC)DHE shared secret) → master secret. It runs right "
                 "after the ServerHello, before the encrypted part of step 2, and yields the handshake "
                 "and application traffic secrets.");
      if (rsa)
        return _("The server decrypts the pre-master secret with its private key. Both sides now "
                 "compute master_secret = PRF(pre_master_secret, \"extended master secret\", "
                 "session_hash) — or, without that extension, PRF(pre_master_secret, \"master secret\", "
                 "client_random + server_random).");
      return _("Both sides compute the master secret from the (EC)DHE shared secret: "
               "master_secret = PRF(pre_master_secret, \"extended master secret\", session_hash) — or, "
               "without that extension, PRF(pre_master_secret, \"master secret\", client_random + "
               "server_random).");

    case HSVIZ_STEP_SESSION_KEYS:
      if (tls13)
        return _("From each traffic secret HKDF-Expand-Label derives a write key and an IV: "
                 "handshake keys first (they protect the encrypted part of step 2), application keys "
                 "after the Finished messages.");
      return _("key_block = PRF(master_secret, \"key expansion\", server_random + client_random) is cut "
               "into the client and server MAC keys, write keys and IVs. Each side encrypts with its "
               "own write key and decrypts with the other's.");

    case HSVIZ_STEP_ENCRYPTION:
      if (tls13)
        return _("The client sends its Finished (a MAC over the whole transcript), then application "
                 "data — our HTTP request and the server's response — encrypted with the session keys. "
                 "The server may send NewSessionTickets for resumption; in TLS 1.3 even their content "
                 "type is hidden inside the encryption.");
      return _("Each side sends ChangeCipherSpec (\"from now on I encrypt\") and a Finished message, "
               "the first one encrypted, holding a MAC over the whole handshake. Then application data "
               "— our HTTP request and the server's response — flows encrypted with the session keys.");

    case HSVIZ_STEP_NONE:
    default:
      return _("Not part of the handshake's six steps.");
    }
}
