/* SPDX-License-Identifier: GPL-3.0-or-later */
/* meso-today-item.c: the Today list's items, for its list view. */
#define G_LOG_DOMAIN "meso-today-item"

#include "meso-today-item.h"

struct _MesoTodayItem
{
  GObject       parent_instance;

  MesoReminder      *reminder;   /* NULL for a heading */
  char              *when;
  MesoTriageSection  section;
  guint              count;      /* a heading's: how many reminders its part has */
  gboolean           expanded;
};

G_DEFINE_FINAL_TYPE (MesoTodayItem, meso_today_item, G_TYPE_OBJECT)

static void
meso_today_item_finalize (GObject *object)
{
  MesoTodayItem *self = MESO_TODAY_ITEM (object);

  g_clear_pointer (&self->reminder, meso_reminder_free);
  g_free (self->when);

  G_OBJECT_CLASS (meso_today_item_parent_class)->finalize (object);
}

static void
meso_today_item_class_init (MesoTodayItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = meso_today_item_finalize;
}

static void
meso_today_item_init (MesoTodayItem *self)
{
}

MesoTodayItem *
meso_today_item_new_heading (MesoTriageSection section,
                             guint             count,
                             gboolean          expanded)
{
  MesoTodayItem *self = g_object_new (MESO_TYPE_TODAY_ITEM, NULL);

  self->section = section;
  self->count = count;
  self->expanded = expanded;
  return self;
}

/* Takes @reminder. */
MesoTodayItem *
meso_today_item_new_reminder (MesoReminder *reminder,
                              const char   *when)
{
  MesoTodayItem *self = g_object_new (MESO_TYPE_TODAY_ITEM, NULL);

  self->reminder = reminder;
  self->when = g_strdup (when);
  return self;
}

gboolean
meso_today_item_is_heading (MesoTodayItem *self)
{
  return self->reminder == NULL;
}

/* The part a heading starts. */
MesoTriageSection
meso_today_item_get_section (MesoTodayItem *self)
{
  return self->section;
}

guint
meso_today_item_get_count (MesoTodayItem *self)
{
  return self->count;
}

gboolean
meso_today_item_is_expanded (MesoTodayItem *self)
{
  return self->expanded;
}

const MesoReminder *
meso_today_item_get_reminder (MesoTodayItem *self)
{
  return self->reminder;
}

const char *
meso_today_item_get_when (MesoTodayItem *self)
{
  return self->when;
}
