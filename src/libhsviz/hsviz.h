/* hsviz.h — the umbrella header of the GTK-free core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz-types.h"
#include "hsviz-error.h"
#include "hsviz-tables.h"
#include "hsviz-field.h"
#include "hsviz-field-item.h"
#include "hsviz-parser.h"
#include "hsviz-steps.h"
#include "hsviz-message.h"
#include "hsviz-certificate.h"
#include "hsviz-connection.h"
#include "hsviz-diff.h"
#include "hsviz-key-graph.h"
#include "hsviz-session.h"
#include "hsviz-waterfall.h"
#include "hsviz-negotiation.h"
#include "hsviz-timeline.h"
#include "hsviz-timeline-item.h"
#include "hsviz-chain-check.h"
#include "hsviz-diagnosis.h"
#include "hsviz-trust-text.h"
#include "hsviz-session-file.h"
#include "hsviz-export.h"
#include "hsviz-file.h"
#include "hsviz-target.h"
#include "hsviz-capture.h"
#include "hsviz-demo-server.h"
#include "hsviz-import.h"
#include "hsviz-pcapng-export.h"
