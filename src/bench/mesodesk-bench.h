/* SPDX-License-Identifier: GPL-3.0-or-later */
/* mesodesk-bench.h: what mesodesk-bench.c (the options and the measurements),
 * the measurements in files of their own and mesodesk-bench-generate.c (the
 * synthetic clinic) share. */
#pragma once

#include "meso-db.h"

G_BEGIN_DECLS

#define PRACTITIONERS 20
#define LOTS_PER_PRODUCT 30
#define ITEMS_PER_RECORD 3
#define YEARS 10

/* The demo clinic's first physician, who works through the measurements. */
#define PHYSICIAN_ID 2
#define ADMINISTRATOR_ID 1

/* The sizes asked for on the command line. */
extern int n_patients;
extern int n_appointments;
extern int n_records;

gint64  count_rows        (MesoDb     *db,
                           const char *sql);
void    add_time_since    (GArray     *times,
                           gint64      start);
void    print_times       (const char *what,
                           GArray     *times,
                           const char *target);
char   *durability        (MesoDb     *db);
MesoDb *open_as           (const char *path,
                           gint64      staff_id);
void    measure_reminders (const char *path);
void    measure_handouts  (const char *path);
void    measure_messages  (const char *path);
void    measure_agendas   (const char *path);
void    measure_live_update (const char *path);
void    measure_idle      (const char *path);
void    measure_photos    (const char *path);
void    measure_import    (const char *path);
void    generate_records  (MesoDb     *db);
void    generate_database (const char *path);

G_END_DECLS
