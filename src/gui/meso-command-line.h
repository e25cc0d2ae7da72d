/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-command-line.h: mesodesk's options, and the ones that cannot be given together. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

extern const GOptionEntry meso_command_line_options[];

int meso_command_line_refuse_conflicts (GVariantDict *options);

G_END_DECLS
