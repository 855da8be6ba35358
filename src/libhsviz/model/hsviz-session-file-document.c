/* hsviz-session-file-document.c — the document around the connections: format, version,
 * what made it and when, and the connections (docs/session-format.md)
 *
 * Version 2 holds { format, format_version, generator, captured_at, note?, connections: [...] };
 * version 1 is read as a session of one connection, whose keys are the top level.  Each
 * connection is read by hsviz_sf_load_connection() (hsviz-session-file-read.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "hsviz-error.h"
#include "hsviz-session-builder.h"
#include "hsviz-session-file.h"
#include "hsviz-session-file-private.h"

/* The session's own keys: what made it, when, and the note. */
static gboolean
load_header (HsvizSession *session,
             JsonObject   *root,
             GError      **error)
{
  const char *note = NULL, *generator = NULL, *captured = NULL;

  if (!hsviz_sf_read_string (root, "generator", "", TRUE, &generator, error) ||
      !hsviz_sf_read_string (root, "note", "", TRUE, &note, error) ||
      !hsviz_sf_read_string (root, "captured_at", "", TRUE, &captured, error))
    return FALSE;
  if (generator != NULL)
    hsviz_session_set_generator (session, generator);
  hsviz_session_set_note (session, note);
  if (captured != NULL)
    {
      g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (captured, NULL);

      if (dt == NULL)
        return hsviz_sf_fail (error, "captured_at", _("“%s” is not an ISO 8601 date"), captured);
      hsviz_session_set_captured_at (session, dt);
    }
  return TRUE;
}

/* One connection of @session from @o; a problem names the connection. */
static gboolean
load_one (HsvizSession *session,
          JsonObject   *o,
          guint         index,
          gboolean      in_list,
          GError      **error)
{
  g_autoptr(GError) local_error = NULL;
  HsvizConnection *connection;

  connection = hsviz_sf_load_connection (session, o, index, &local_error);
  if (connection != NULL)
    {
      const char *note = NULL;

      g_object_unref (connection);  /* the session holds it */
      /* a connection's own note (version 2; in version 1 the note at the top is the session's) */
      if (!in_list || hsviz_sf_read_string (o, "note", "", TRUE, &note, &local_error))
        {
          hsviz_connection_set_note (connection, note);
          return TRUE;
        }
    }
  if (!in_list)
    g_propagate_error (error, g_steal_pointer (&local_error));
  else
    /* Translators: "Not a valid session file: messages[1].bytes: not valid base64 (in connections[0])" */
    g_set_error (error, HSVIZ_ERROR, local_error->code, _("%s (in connections[%u])"),
                 local_error->message, index);
  return FALSE;
}

static gboolean
load_connections (HsvizSession *session,
                  JsonObject   *root,
                  GError      **error)
{
  JsonArray *list;

  if (!hsviz_sf_read_array (root, "connections", "", FALSE, MAX_CONNECTIONS, &list, error))
    return FALSE;
  if (json_array_get_length (list) == 0)
    return hsviz_sf_fail (error, "connections", _("a session holds at least one connection"));
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonNode *n = json_array_get_element (list, i);
      g_autofree char *where = g_strdup_printf ("connections[%u]", i);

      if (!JSON_NODE_HOLDS_OBJECT (n))
        return hsviz_sf_fail (error, where, _("expected an object"));
      if (!load_one (session, json_node_get_object (n), i, TRUE, error))
        return FALSE;
    }
  return TRUE;
}

HsvizSession *
hsviz_session_new_from_json (JsonNode  *node,
                             GError   **error)
{
  g_autoptr(HsvizSession) session = hsviz_session_new ();
  JsonObject *root;
  const char *format;
  gint64 version = 0;

  g_return_val_if_fail (node != NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      hsviz_sf_fail (error, _("the file"), _("the top level is not a JSON object"));
      return NULL;
    }
  root = json_node_get_object (node);

  if (!hsviz_sf_read_string (root, "format", "", FALSE, &format, error))
    {
      g_clear_error (error);
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   json_object_has_member (root, "format")
                     ? _("This is not a HandshakeViz session file (its “format” is not a string)")
                     : _("This is not a HandshakeViz session file (it has no “format” key)"));
      return NULL;
    }
  if (!g_str_equal (format, HSVIZ_SESSION_FORMAT))
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_INVALID,
                   _("This is not a HandshakeViz session file (format “%s”)"), format);
      return NULL;
    }
  if (!hsviz_sf_read_int (root, "format_version", "", FALSE, 1, G_MAXINT32, &version, error))
    return NULL;
  if (version > HSVIZ_SESSION_FORMAT_VERSION)
    {
      g_set_error (error, HSVIZ_ERROR, HSVIZ_ERROR_FILE_VERSION,
                   _("This session file was made by a newer HandshakeViz (format version %d; "
                     "this version reads version %d). Please update HandshakeViz."),
                   (int) version, HSVIZ_SESSION_FORMAT_VERSION);
      return NULL;
    }

  if (!load_header (session, root, error))
    return NULL;
  if (version == 1 ? !load_one (session, root, 0, FALSE, error)
                   : !load_connections (session, root, error))
    return NULL;

  return g_steal_pointer (&session);
}
