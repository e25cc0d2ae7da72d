-- SPDX-License-Identifier: GPL-3.0-or-later
-- Schema version 16: no table changes. Its C step (meso-schema.c) makes every patient's
-- sort key (an ICU collation key for the clinic's language) and search text (with the
-- Latin forms of Cyrillic and other scripts) again. A migration needs one statement.
SELECT 1;
