/* hsviz-test-utils.h — shared test helpers: certificates, real peers on 127.0.0.1
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "hsviz.h"

G_BEGIN_DECLS

G_END_DECLS
