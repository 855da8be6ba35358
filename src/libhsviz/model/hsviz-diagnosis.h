/* hsviz-diagnosis.h — why a handshake failed, derived from what the connection holds
 *
 * Who gave up, on which message and with which alert; the causes that the messages and records
 * show (what we offered against what the server asked for or sent, a plain-HTTP or other
 * non-TLS answer recognised from its first bytes); and reruns that change one thing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-connection.h"

G_BEGIN_DECLS

/* What a suggested rerun changes. */
typedef enum
{
  HSVIZ_SUGGESTION_PRESET,       /* @preset */
  HSVIZ_SUGGESTION_PRIORITY,     /* @priority */
  HSVIZ_SUGGESTION_STARTTLS,     /* speak @starttls in clear first (the URL scheme of that name) */
  HSVIZ_SUGGESTION_CLIENT_CERT,  /* send a client certificate, chosen by the user */
  HSVIZ_SUGGESTION_CAFILE,       /* trust a CA file, chosen by the user */
} HsvizSuggestionKind;

typedef struct
{
  HsvizSuggestionKind kind;
  char *label;     /* "Rerun with TLS 1.2 only" */
  char *preset;    /* one of these three is set: a preset name ("tls12"), */
  char *priority;  /* a GnuTLS priority string, */
  char *option;    /* or a command-line option to add ("--starttls=smtp", "--cert", "--cafile") */
  char *starttls;  /* HSVIZ_SUGGESTION_STARTTLS: the protocol ("smtp") */
} HsvizSuggestion;

typedef struct
{
  char      *summary;       /* "The server gave up after our ClientHello: alert handshake_failure (40)." */
  GPtrArray *causes;        /* of char * */
  GPtrArray *suggestions;   /* of HsvizSuggestion */
} HsvizDiagnosis;

/* The diagnosis of a failed handshake, NULL when @connection completed (or never started). */
HsvizDiagnosis *hsviz_diagnosis_new_for_connection (HsvizConnection *connection);
/* The connection's diagnosis (derived when it completes), NULL when it completed. */
const HsvizDiagnosis *hsviz_connection_get_diagnosis (HsvizConnection *connection);
/* The target a STARTTLS suggestion reruns: @connection's host and port under the protocol's
 * scheme ("smtp://127.0.0.1:2525"); NULL for the other kinds (the target stays). */
char           *hsviz_suggestion_dup_url           (const HsvizSuggestion *suggestion,
                                                    HsvizConnection       *connection);
/* @value: the preset, the priority string or the STARTTLS protocol (NULL for the others) */
HsvizSuggestion *hsviz_suggestion_new              (HsvizSuggestionKind    kind,
                                                    const char            *label,
                                                    const char            *value);
void            hsviz_diagnosis_free               (HsvizDiagnosis  *diagnosis);
void            hsviz_suggestion_free              (gpointer         data);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (HsvizDiagnosis, hsviz_diagnosis_free)

G_END_DECLS
