/* hsviz-types.h — forward declarations and shared enums of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef struct _HsvizField       HsvizField;
typedef struct _HsvizMessage     HsvizMessage;
typedef struct _HsvizConnection  HsvizConnection;
typedef struct _HsvizSession     HsvizSession;
typedef struct _HsvizCapture     HsvizCapture;
typedef struct _HsvizDemoServer  HsvizDemoServer;
typedef struct _HsvizCertificate HsvizCertificate;

/* Who sent a message or record. */
typedef enum
{
  HSVIZ_DIRECTION_CLIENT = 0,
  HSVIZ_DIRECTION_SERVER = 1,
} HsvizDirection;

/* Key exchange of the negotiated suite (TLS 1.3 is always (EC)DHE or PSK). */
typedef enum
{
  HSVIZ_KX_UNKNOWN = 0,
  HSVIZ_KX_RSA,
  HSVIZ_KX_DHE,
  HSVIZ_KX_ECDHE,
  HSVIZ_KX_PSK,
  HSVIZ_KX_DHE_PSK,
  HSVIZ_KX_ECDHE_PSK,
  HSVIZ_KX_RSA_PSK,
  HSVIZ_KX_SRP,
  HSVIZ_KX_TLS13,   /* TLS 1.3 suite: key exchange negotiated by extensions */
} HsvizKeyExchange;

/* Wire versions. */
#define HSVIZ_VERSION_SSL3   0x0300
#define HSVIZ_VERSION_TLS10  0x0301
#define HSVIZ_VERSION_TLS11  0x0302
#define HSVIZ_VERSION_TLS12  0x0303
#define HSVIZ_VERSION_TLS13  0x0304

/* Handshake message types (the type byte on the wire). */
typedef enum
{
  HSVIZ_HS_HELLO_REQUEST        = 0,
  HSVIZ_HS_CLIENT_HELLO         = 1,
  HSVIZ_HS_SERVER_HELLO         = 2,   /* also HelloRetryRequest on the wire */
  HSVIZ_HS_NEW_SESSION_TICKET   = 4,
  HSVIZ_HS_END_OF_EARLY_DATA    = 5,
  HSVIZ_HS_ENCRYPTED_EXTENSIONS = 8,
  HSVIZ_HS_CERTIFICATE          = 11,
  HSVIZ_HS_SERVER_KEY_EXCHANGE  = 12,
  HSVIZ_HS_CERTIFICATE_REQUEST  = 13,
  HSVIZ_HS_SERVER_HELLO_DONE    = 14,
  HSVIZ_HS_CERTIFICATE_VERIFY   = 15,
  HSVIZ_HS_CLIENT_KEY_EXCHANGE  = 16,
  HSVIZ_HS_FINISHED             = 20,
  HSVIZ_HS_CERTIFICATE_STATUS   = 22,
  HSVIZ_HS_KEY_UPDATE           = 24,
  HSVIZ_HS_MESSAGE_HASH         = 254,
} HsvizHandshakeType;

/* Extension types (IANA TLS ExtensionType registry), the ones the core looks up. */
typedef enum
{
  HSVIZ_EXT_SERVER_NAME            = 0,
  HSVIZ_EXT_SUPPORTED_GROUPS       = 10,
  HSVIZ_EXT_SIGNATURE_ALGORITHMS   = 13,
  HSVIZ_EXT_ALPN                   = 16,
  HSVIZ_EXT_EXTENDED_MASTER_SECRET = 23,
  HSVIZ_EXT_SESSION_TICKET         = 35,
  HSVIZ_EXT_PRE_SHARED_KEY         = 41,
  HSVIZ_EXT_SUPPORTED_VERSIONS     = 43,
  HSVIZ_EXT_KEY_SHARE              = 51,
} HsvizExtensionType;

/* Record content types. */
typedef enum
{
  HSVIZ_CONTENT_CHANGE_CIPHER_SPEC = 20,
  HSVIZ_CONTENT_ALERT              = 21,
  HSVIZ_CONTENT_HANDSHAKE          = 22,
  HSVIZ_CONTENT_APPLICATION_DATA   = 23,
} HsvizContentType;

/* The magic random of a HelloRetryRequest (RFC 8446 §4.1.3). */
extern const guint8 hsviz_hello_retry_request_random[32];

G_END_DECLS
