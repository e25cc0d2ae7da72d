/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-handout-photos.c: photos on paper. The progress handout shows each
 * view photographed at two sessions, the first beside the latest, with
 * their dates and the consent recorded, in the patient's language; a row
 * of photos is never split across pages; the photos are really drawn in
 * the PDF; each image read for it is audited as a print; a receptionist is
 * refused. A session record prints exactly the photos chosen for it.
 * Read back from the PDF with poppler's tools (pdfinfo, pdftotext,
 * pdftoppm); kept in MESO_TEST_SCREENSHOTS when it names a folder. */
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "meso-handout-pages.h"
#include "meso-photo-store.h"
#include "meso-test-db.h"
#include "meso-test-handout.h"

/* The fixture's session (Monday 23 November 2026) and a later one. */
typedef struct
{
  MesoHandoutFixture  base;
  MesoAppointment    *later;
  gint64              vertex[2];     /* red, then blue */
  gint64              hairline[2];   /* green, then yellow */
  gint64              back;          /* grey, at the first session only */
} Fixture;

typedef struct
{
  guint8 r, g, b;
} Colour;

static const Colour red = { 0xd0, 0x20, 0x20 };
static const Colour blue = { 0x20, 0x20, 0xd0 };
static const Colour green = { 0x20, 0xb0, 0x20 };
static const Colour yellow = { 0xe0, 0xd0, 0x10 };
static const Colour grey = { 0x60, 0x60, 0x60 };

static MesoPhotoStore *
photos (Fixture *f)
{
  return meso_context_get_photo_store (f->base.context);
}

static gint64
view_id (Fixture    *f,
         const char *code)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) views = meso_photo_store_list_views (photos (f), FALSE, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < views->len; i++)
    if (g_strcmp0 (MESO_PHOTO_VIEW (views->pdata[i])->code, code) == 0)
      return MESO_PHOTO_VIEW (views->pdata[i])->id;
  g_assert_not_reached ();
}

/* A portrait photo of one colour (300 x 400: it is drawn 280 points high,
 * the most a photo takes), stored as the photos window stores a file. */
static gint64
add_photo (Fixture         *f,
           MesoAppointment *session,
           const char      *view,
           const Colour    *colour)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 300, 400);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) file = NULL;
  g_autoptr(MesoPhotoImage) image = NULL;
  char *buffer = NULL;
  gsize size = 0;
  gint64 id;

  gdk_pixbuf_fill (pixbuf, (guint32) colour->r << 24 | colour->g << 16 | colour->b << 8 | 0xff);
  g_assert_true (gdk_pixbuf_save_to_buffer (pixbuf, &buffer, &size, "jpeg", &error, NULL));
  file = g_bytes_new_take (buffer, size);
  image = meso_photo_image_prepare (file, "IMG_0001.JPG", &error);
  g_assert_no_error (error);
  id = meso_photo_store_add (photos (f), session->id, view_id (f, view), NULL,
                             MESO_PHOTO_CONSENT_CLINICAL, image, &error);
  g_assert_no_error (error);
  return id;
}

/* Vertex and hairline at both sessions, the back at the first only. */
static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  MesoSchedule *schedule;
  g_autoptr(GError) error = NULL;

  meso_handout_fixture_set_up (&f->base, data);
  schedule = meso_context_get_schedule (f->base.context);
  f->later = meso_appointment_new ();
  f->later->patient_id = f->base.session->patient_id;
  f->later->practitioner_id = f->base.session->practitioner_id;
  f->later->room_id = f->base.session->room_id;
  f->later->starts_at = 1800871200;   /* Monday 25 January 2027, 10:00 UTC */
  f->later->minutes = 30;
  g_assert_true (meso_schedule_save (schedule, f->later, &error));
  g_assert_no_error (error);

  f->vertex[0] = add_photo (f, f->base.session, "vertex", &red);
  f->hairline[0] = add_photo (f, f->base.session, "hairline", &green);
  f->back = add_photo (f, f->base.session, "back", &grey);
  f->vertex[1] = add_photo (f, f->later, "vertex", &blue);
  f->hairline[1] = add_photo (f, f->later, "hairline", &yellow);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->later);
  meso_handout_fixture_tear_down (&f->base, data);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return meso_test_query_int (f->base.db, sql);
}

/* Runs a poppler tool. Returns: (transfer full): what it printed. */
static char *
poppler (const char * const *argv)
{
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  int status;

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL,
                               G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL,
                               &out, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  return out;
}

/* @handout as a PDF file in the fixture's folder (and a copy in
 * MESO_TEST_SCREENSHOTS); its path. */
static char *
write_pdf (Fixture     *f,
           MesoHandout *handout,
           const char  *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = meso_handout_write_pdf (handout, &error);
  g_autofree char *file = g_strconcat (name, ".pdf", NULL);
  char *path = g_build_filename (f->base.dir, file, NULL);
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");

  g_assert_no_error (error);
  g_assert_true (g_file_set_contents (path, g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf),
                                      &error));
  g_assert_no_error (error);
  if (folder != NULL)
    {
      g_autofree char *kept = g_build_filename (folder, file, NULL);

      g_assert_true (g_file_set_contents (kept, g_bytes_get_data (pdf, NULL),
                                          g_bytes_get_size (pdf), &error));
    }
  return path;
}

static guint
count_pages (const char *pdf)
{
  const char *argv[] = { "pdfinfo", pdf, NULL };
  g_autofree char *info = poppler (argv);
  const char *pages = strstr (info, "Pages:");

  g_assert_nonnull (pages);
  return (guint) g_ascii_strtoull (pages + strlen ("Pages:"), NULL, 10);
}

/* The words of page @page, or of all pages for 0, one space between. */
static char *
page_words (const char *pdf,
            guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  const char *one[] = { "pdftotext", "-f", number, "-l", number, pdf, "-", NULL };
  const char *all[] = { "pdftotext", pdf, "-", NULL };
  g_autofree char *text = poppler (page > 0 ? one : all);
  g_auto(GStrv) words = g_strsplit_set (text, " \n\f", -1);
  g_autoptr(GString) joined = g_string_new (NULL);

  for (guint i = 0; words[i] != NULL; i++)
    if (*words[i] != '\0')
      g_string_append_printf (joined, "%s%s", joined->len > 0 ? " " : "", words[i]);
  return g_string_free (g_steal_pointer (&joined), FALSE);
}

static void
assert_has (const char *words,
            const char *expected)
{
  if (strstr (words, expected) == NULL)
    g_error ("“%s” is not on the page:\n%s", expected, words);
}

static void
assert_lacks (const char *words,
              const char *unexpected)
{
  if (strstr (words, unexpected) != NULL)
    g_error ("“%s” should not be on the page:\n%s", unexpected, words);
}

/* Page @page drawn at 36 dots per inch (half a pixel a point). */
static GdkPixbuf *
render_page (Fixture    *f,
             const char *pdf,
             guint       page)
{
  g_autofree char *number = g_strdup_printf ("%u", page);
  g_autofree char *prefix = g_strdup_printf ("%s-page%u", pdf, page);
  g_autofree char *png = g_strconcat (prefix, ".png", NULL);
  const char *argv[] = { "pdftoppm", "-png", "-r", "36", "-f", number, "-l", number,
                         "-singlefile", pdf, prefix, NULL };
  g_autofree char *out = poppler (argv);
  g_autoptr(GError) error = NULL;
  GdkPixbuf *pixbuf = gdk_pixbuf_new_from_file (png, &error);
  const char *folder = g_getenv ("MESO_TEST_SCREENSHOTS");

  g_assert_no_error (error);
  if (folder != NULL)
    {
      g_autofree char *name = g_path_get_basename (png);
      g_autofree char *kept = g_build_filename (folder, name, NULL);

      g_assert_true (gdk_pixbuf_save (pixbuf, kept, "png", &error, NULL));
    }
  return pixbuf;
}

/* How many pixels of @colour (each channel within 24) the left or the
 * right half of @page has. */
static guint
count_colour (GdkPixbuf    *page,
              const Colour *colour,
              gboolean      right)
{
  int width = gdk_pixbuf_get_width (page), height = gdk_pixbuf_get_height (page);
  int channels = gdk_pixbuf_get_n_channels (page), stride = gdk_pixbuf_get_rowstride (page);
  const guint8 *pixels = gdk_pixbuf_read_pixels (page);
  guint n = 0;

  for (int y = 0; y < height; y++)
    for (int x = right ? width / 2 : 0; x < (right ? width : width / 2); x++)
      {
        const guint8 *p = pixels + y * stride + x * channels;

        if (ABS (p[0] - colour->r) < 24 && ABS (p[1] - colour->g) < 24 &&
            ABS (p[2] - colour->b) < 24)
          n++;
      }
  return n;
}

/* A photo is drawn 210 x 280 points: 105 x 140 pixels here. */
#define PHOTO_PIXELS (105 * 140)

static MesoHandout *
build_progress (Fixture  *f,
                gint64    session_id,
                GError  **error)
{
  return meso_handout_build (f->base.context, MESO_HANDOUT_PROGRESS, session_id,
                             f->base.session->patient_id, f->base.now, error);
}

/* The two views photographed twice, each on a row of its own, the first
 * session's photo on the left, the latest's on the right, with their
 * dates and consent; the back, photographed once, is left out. The second
 * row does not fit under the first: it goes whole, with its view's name,
 * to the second page. Each image read is a print in photo_access. */
static void
test_progress (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GdkPixbuf) first_page = NULL;
  g_autoptr(GdkPixbuf) second_page = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *page1 = NULL;
  g_autofree char *page2 = NULL;
  g_autofree char *all = NULL;
  g_autofree char *sql = NULL;

  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 0);
  handout = build_progress (f, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (meso_handout_get_title (handout), ==, "Your progress");

  sql = g_strdup_printf ("SELECT count(*) FROM photo_access WHERE purpose = 'print'"
                         " AND staff_id = %" G_GINT64_FORMAT " AND photo_id IN (%" G_GINT64_FORMAT
                         ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT ")",
                         meso_staff_get_id (f->base.physician), f->vertex[0], f->vertex[1],
                         f->hairline[0], f->hairline[1]);
  g_assert_cmpint (count (f, sql), ==, 4);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 4);

  pdf = write_pdf (f, handout, "progress");
  g_assert_cmpuint (count_pages (pdf), ==, 2);
  page1 = page_words (pdf, 1);
  page2 = page_words (pdf, 2);
  all = page_words (pdf, 0);
  assert_has (page1, "Top of the head (vertex)");
  assert_has (page1, "First session: Monday 23 November 2026");
  assert_has (page1, "Latest session: Monday 25 January 2027");
  assert_has (page1, "Consent: clinical record only, given");
  assert_lacks (page1, "Front hairline");
  assert_has (page2, "Front hairline");
  assert_has (page2, "First session: Monday 23 November 2026");
  assert_has (page2, "Latest session: Monday 25 January 2027");
  assert_lacks (all, "Back of the head");

  /* The photos themselves: red then blue on the first page, green then
   * yellow on the second, each nearly all of a photo's area. */
  first_page = render_page (f, pdf, 1);
  g_assert_cmpuint (count_colour (first_page, &red, FALSE), >, PHOTO_PIXELS * 9 / 10);
  g_assert_cmpuint (count_colour (first_page, &blue, TRUE), >, PHOTO_PIXELS * 9 / 10);
  g_assert_cmpuint (count_colour (first_page, &red, TRUE), ==, 0);
  g_assert_cmpuint (count_colour (first_page, &green, FALSE), ==, 0);
  second_page = render_page (f, pdf, 2);
  g_assert_cmpuint (count_colour (second_page, &green, FALSE), >, PHOTO_PIXELS * 9 / 10);
  g_assert_cmpuint (count_colour (second_page, &yellow, TRUE), >, PHOTO_PIXELS * 9 / 10);
  g_assert_cmpuint (count_colour (second_page, &blue, TRUE), ==, 0);
}

/* Each caption says the consent recorded for that photo: all the
 * patient's own photos are shown to her, whatever she agreed to for
 * others. */
static void
test_progress_consent (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *given = NULL;
  g_autofree char *teaching = NULL;
  g_autofree char *clinical = NULL;
  g_autofree char *first = NULL;
  g_autofree char *latest = NULL;
  MesoHandoutBlock *row = NULL;
  int year, month, day;

  g_assert_true (meso_photo_store_set_consent (photos (f), f->vertex[1],
                                               MESO_PHOTO_CONSENT_TEACHING, &error));
  g_assert_no_error (error);
  list = meso_photo_store_list_patient (photos (f), f->base.session->patient_id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    if (MESO_PHOTO (list->pdata[i])->id == f->vertex[1])
      given = g_strdup (MESO_PHOTO (list->pdata[i])->consent_on);
  g_assert_cmpint (sscanf (given, "%d-%d-%d", &year, &month, &day), ==, 3);
  teaching = g_strdup_printf ("Consent: also teaching and marketing, given %02d/%02d/%d", day,
                              month, year);
  clinical = g_strdup_printf ("Consent: clinical record only, given %02d/%02d/%d", day, month,
                              year);

  handout = build_progress (f, f->later->id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < meso_handout_get_blocks (handout)->len && row == NULL; i++)
    {
      MesoHandoutBlock *block = g_ptr_array_index (meso_handout_get_blocks (handout), i);

      if (block->type == MESO_HANDOUT_BLOCK_PHOTOS)
        row = block;
    }
  g_assert_nonnull (row);
  g_assert_cmpuint (row->photos->len, ==, 2);
  first = g_strconcat ("First session: Monday 23 November 2026\n", clinical, NULL);
  latest = g_strconcat ("Latest session: Monday 25 January 2027\n", teaching, NULL);
  g_assert_cmpstr (((MesoHandoutPhoto *) row->photos->pdata[0])->caption, ==, first);
  g_assert_cmpstr (((MesoHandoutPhoto *) row->photos->pdata[1])->caption, ==, latest);
}

/* Given the first session as the latest, there is nothing to compare
 * yet: refused, saying so, and no photo read. */
static void
test_progress_nothing_to_compare (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = build_progress (f, f->base.session->id, &error);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "Lucía García has no photos"));
  g_assert_null (handout);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 0);
}

static const struct
{
  const char *language;
  const char *title;
  const char *view;
  const char *first;
  const char *latest;
} language_cases[] = {
  { "tr", "Tedavinizdeki ilerleme", "Tepe (verteks)", "İlk seans: 23 Kasım 2026 Pazartesi",
    "Son seans: 25 Ocak 2027 Pazartesi" },
  { "ru", "Ваши результаты", "Макушка (вертекс)", "Первый сеанс: 23 ноября 2026 г. (понедельник)",
    "Последний сеанс: 25 января 2027 г. (понедельник)" },
  { "es", "Su evolución", "Coronilla (vértex)", "Primera sesión: lunes, 23 de noviembre de 2026",
    "Última sesión: lunes, 25 de enero de 2027" },
};

/* In the patient's language: the title, the views' names, the dates. */
static void
test_progress_languages (Fixture       *f,
                         gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (language_cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(MesoHandout) handout = NULL;
      g_autofree char *name = g_strconcat ("progress-", language_cases[i].language, NULL);
      g_autofree char *pdf = NULL;
      g_autofree char *words = NULL;

      meso_test_set_language (f->base.db, language_cases[i].language);
      handout = build_progress (f, 0, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (meso_handout_get_title (handout), ==, language_cases[i].title);
      pdf = write_pdf (f, handout, name);
      words = page_words (pdf, 0);
      assert_has (words, language_cases[i].title);
      assert_has (words, language_cases[i].view);
      assert_has (words, language_cases[i].first);
      assert_has (words, language_cases[i].latest);
      g_assert_null (strstr (words, "{"));
    }
}

/* Photos are clinical: a receptionist is refused, and nothing is read. */
static void
test_progress_receptionist (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoStaff) receptionist = meso_test_sign_in (f->base.db, MESO_ROLE_RECEPTIONIST,
                                                         "Zeynep Kaya");
  gint64 audited = count (f, "SELECT count(*) FROM audit");

  g_assert_cmpint (meso_handout_kind_get_permission (MESO_HANDOUT_PROGRESS), ==,
                   MESO_PERMISSION_READ_CLINICAL);
  handout = build_progress (f, 0, &error);
  g_assert_error (error, MESO_ACCESS_ERROR, MESO_ACCESS_ERROR_FORBIDDEN);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (handout);
  g_assert_cmpint (count (f, "SELECT count(*) FROM audit"), ==, audited);
}

static GPtrArray *
photo_captions (MesoHandout *handout)
{
  GPtrArray *blocks = meso_handout_get_blocks (handout);
  GPtrArray *captions = g_ptr_array_new ();

  for (guint i = 0; i < blocks->len; i++)
    {
      MesoHandoutBlock *block = g_ptr_array_index (blocks, i);

      for (guint p = 0; block->type == MESO_HANDOUT_BLOCK_PHOTOS && p < block->photos->len; p++)
        g_ptr_array_add (captions, ((MesoHandoutPhoto *) block->photos->pdata[p])->caption);
    }
  return captions;
}

static gboolean
has_heading (MesoHandout *handout,
             const char  *text)
{
  GPtrArray *blocks = meso_handout_get_blocks (handout);

  for (guint i = 0; i < blocks->len; i++)
    {
      MesoHandoutBlock *block = g_ptr_array_index (blocks, i);

      if (block->type == MESO_HANDOUT_BLOCK_HEADING && g_str_equal (block->text, text))
        return TRUE;
    }
  return FALSE;
}

/* The record prints exactly the photos chosen, in their order, each with
 * its view, date and consent; none without a choice, and no heading then;
 * a photo that is not the patient's refuses it. */
static void
test_record_photos (Fixture       *f,
                    gconstpointer  data)
{
  const gint64 chosen[] = { f->back, f->vertex[0], f->back };
  const gint64 foreign[] = { f->vertex[0], 9999 };
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) plain = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  g_autoptr(MesoHandout) refused = NULL;
  g_autoptr(GPtrArray) captions = NULL;
  g_autoptr(GPtrArray) none = NULL;
  g_autoptr(GDateTime) today = meso_clock_dup_now (meso_context_get_clock (f->base.context));
  g_autofree char *consent = g_date_time_format (today, "Consent: clinical record only, given "
                                                        "%d/%m/%Y");
  g_autofree char *back = NULL;
  g_autofree char *vertex = NULL;
  g_autofree char *pdf = NULL;
  g_autofree char *words = NULL;

  meso_handout_fixture_mark_done (&f->base);
  plain = meso_handout_build (f->base.context, MESO_HANDOUT_RECORD, f->base.session->id, 0,
                              f->base.now, &error);
  g_assert_no_error (error);
  none = photo_captions (plain);
  g_assert_cmpuint (none->len, ==, 0);
  g_assert_false (has_heading (plain, "Photos"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 0);

  handout = meso_handout_build_full (f->base.context, MESO_HANDOUT_RECORD, f->base.session->id, 0,
                                     chosen, G_N_ELEMENTS (chosen), f->base.now, &error);
  g_assert_no_error (error);
  g_assert_true (has_heading (handout, "Photos"));
  captions = photo_captions (handout);
  g_assert_cmpuint (captions->len, ==, 2);
  back = g_strconcat ("Back of the head, Monday 23 November 2026\n", consent, NULL);
  vertex = g_strconcat ("Top of the head (vertex), Monday 23 November 2026\n", consent, NULL);
  g_assert_cmpstr (captions->pdata[0], ==, back);
  g_assert_cmpstr (captions->pdata[1], ==, vertex);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 2);

  pdf = write_pdf (f, handout, "record");
  words = page_words (pdf, 0);
  assert_has (words, "Back of the head, Monday 23 November 2026");
  assert_has (words, "Top of the head (vertex), Monday 23 November 2026");
  assert_lacks (words, "Front hairline");

  refused = meso_handout_build_full (f->base.context, MESO_HANDOUT_RECORD, f->base.session->id,
                                     0, foreign, G_N_ELEMENTS (foreign), f->base.now, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_null (refused);
  g_assert_cmpint (count (f, "SELECT count(*) FROM photo_access WHERE purpose = 'print'"), ==, 2);
}

/* A record body the clinic rewrote without {photos} still prints the
 * chosen photos, at its end under their heading. */
static void
test_record_own_text (Fixture       *f,
                      gconstpointer  data)
{
  const gint64 chosen[] = { f->hairline[1] };
  g_autoptr(MesoStaff) admin = meso_test_sign_in (f->base.db, MESO_ROLE_ADMINISTRATOR, "Admin");
  g_autoptr(MesoHandoutTexts) texts =
    meso_handout_store_load_texts (meso_context_get_handout_store (f->base.context), "en", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(MesoHandout) handout = NULL;
  GPtrArray *blocks;
  MesoHandoutBlock *last;

  g_assert_true (meso_handout_texts_save (texts, "record", "body", "Born {birth_date}.", &error));
  g_assert_no_error (error);
  meso_handout_fixture_mark_done (&f->base);
  meso_db_set_actor (f->base.db, f->base.physician);
  handout = meso_handout_build_full (f->base.context, MESO_HANDOUT_RECORD, f->base.session->id, 0,
                                     chosen, 1, f->base.now, &error);
  g_assert_no_error (error);
  blocks = meso_handout_get_blocks (handout);
  g_assert_cmpuint (blocks->len, ==, 3);
  last = g_ptr_array_index (blocks, 2);
  g_assert_cmpint (last->type, ==, MESO_HANDOUT_BLOCK_PHOTOS);
  g_assert_cmpuint (last->photos->len, ==, 1);
  g_assert_true (has_heading (handout, "Photos"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/meso/handout-photos/progress", test_progress);
  ADD ("/meso/handout-photos/progress-consent", test_progress_consent);
  ADD ("/meso/handout-photos/progress-nothing-to-compare", test_progress_nothing_to_compare);
  ADD ("/meso/handout-photos/progress-languages", test_progress_languages);
  ADD ("/meso/handout-photos/progress-receptionist", test_progress_receptionist);
  ADD ("/meso/handout-photos/record", test_record_photos);
  ADD ("/meso/handout-photos/record-own-text", test_record_own_text);
#undef ADD

  return g_test_run ();
}
