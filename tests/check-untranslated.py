#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Fails on a string shown to users that is not marked for translation.

C files under src/core and src/gui are read by xgettext with the default keywords
turned off and the user-facing calls (gtk_label_set_text, g_set_error, ...) as
keywords instead: xgettext then extracts exactly the string literals passed bare
to those calls (it joins concatenations and follows calls over several lines),
while an argument wrapped in _(), C_(), N_() or ngettext is not a bare literal and
is skipped. A displayed property given a bare literal in g_object_new() or
g_object_set() is found by a regular expression. Messages for developers
(g_warning, g_critical, g_return_*) are not keywords, so they are exempt.
The .ui files are read with xml.etree: a displayed
property, menu label, string-list item or accessible label with letters in it
must carry translatable="yes". Each file that marks strings must be listed in
po/POTFILES.in, or its strings are never extracted. Exceptions are listed in
tests/untranslated-allow.txt."""

import glob
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
import xml.parsers.expat

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Function name -> the 1-based positions of its arguments a user reads.
CALLS = {
    "gtk_label_new": (1,), "gtk_label_new_with_mnemonic": (1,),
    "gtk_label_set_text": (2,), "gtk_label_set_label": (2,),
    "gtk_label_set_markup": (2,), "gtk_label_set_text_with_mnemonic": (2,),
    "gtk_label_set_markup_with_mnemonic": (2,),
    "gtk_button_new_with_label": (1,), "gtk_button_new_with_mnemonic": (1,),
    "gtk_button_set_label": (2,), "gtk_check_button_new_with_label": (1,),
    "gtk_check_button_new_with_mnemonic": (1,), "gtk_check_button_set_label": (2,),
    "gtk_toggle_button_new_with_label": (1,), "gtk_menu_button_set_label": (2,),
    "gtk_expander_new": (1,), "gtk_frame_new": (1,), "gtk_frame_set_label": (2,),
    "gtk_widget_set_tooltip_text": (2,), "gtk_widget_set_tooltip_markup": (2,),
    "gtk_window_set_title": (2,), "gtk_entry_set_placeholder_text": (2,),
    "gtk_text_set_placeholder_text": (2,), "gtk_search_entry_set_placeholder_text": (2,),
    "gtk_accessible_update_property": (3, 5), "gtk_string_list_append": (2,),
    "gtk_file_chooser_native_new": (1, 4, 5), "gtk_native_dialog_set_title": (2,),
    "gtk_file_chooser_set_current_name": (2,), "gtk_file_filter_set_name": (2,),
    "gtk_print_operation_set_job_name": (2,), "gtk_stack_add_titled": (4,),
    "adw_preferences_row_set_title": (2,), "adw_action_row_set_subtitle": (2,),
    "adw_expander_row_set_subtitle": (2,), "adw_preferences_group_set_title": (2,),
    "adw_preferences_group_set_description": (2,), "adw_preferences_page_set_title": (2,),
    "adw_window_title_new": (1, 2), "adw_window_title_set_title": (2,),
    "adw_window_title_set_subtitle": (2,), "adw_status_page_set_title": (2,),
    "adw_status_page_set_description": (2,), "adw_toast_new": (1,),
    "adw_toast_new_format": (1,), "adw_toast_set_title": (2,),
    "adw_toast_set_button_label": (2,), "adw_message_dialog_new": (2, 3),
    "adw_message_dialog_set_heading": (2,), "adw_message_dialog_set_body": (2,),
    "adw_message_dialog_format_heading": (2,), "adw_message_dialog_format_body": (2,),
    "adw_message_dialog_format_body_markup": (2,), "adw_message_dialog_add_response": (3,),
    "adw_message_dialog_set_response_label": (3,), "adw_button_content_set_label": (2,),
    "adw_split_button_set_label": (2,), "adw_tab_page_set_title": (2,),
    "g_set_error": (4,), "g_set_error_literal": (4,), "g_error_new": (3,),
    "g_error_new_literal": (3,), "g_prefix_error": (2,), "g_task_return_new_error": (4,),
    "notify_notification_new": (1, 2), "notify_notification_update": (2, 3),
    "g_notification_new": (1,), "g_notification_set_title": (2,),
    "g_notification_set_body": (2,), "g_notification_add_button": (2,),
    "g_menu_append": (2,), "g_menu_prepend": (2,), "g_menu_insert": (3,),
    "g_menu_item_new": (1,), "g_menu_item_set_label": (2,),
    # Mesodesk's own helpers that put a message in a GError or on screen.
    "meso_db_set_error": (4,), "meso_db_set_sqlite_error": (4,), "meso_db_set_engine_error": (4,),
    "meso_pg_set_error": (4,), "meso_db_rows_done": (4,), "meso_row_error_set": (2,),
    "meso_row_error_show_label": (3,), "meso_calendar_settings_toast": (2,),
    "meso_file_chooser_new_export": (2, 3), "meso_icon_button_new": (2,),
    "g_propagate_prefixed_error": (3,), "notify_notification_add_action": (3,),
    "adw_message_dialog_add_responses": (3, 5, 7, 9),
    # Static helpers a page keeps to itself; the same name takes the message at the
    # same place in every file that has one.
    "toast": (2,), "show_toast": (2,), "show_error": (2,), "invalid": (2,),
    "switch_row": (1, 2), "add_part": (2,), "row_button": (2,), "add_action": (5,),
}

# The .ui properties a user reads or hears.
UI_PROPERTIES = {"label", "title", "subtitle", "tooltip-text", "tooltip-markup",
                 "placeholder-text", "description", "text", "secondary-text", "heading",
                 "body", "button-label"}
ACCESSIBLE_PROPERTIES = {"label", "description"}

FORMAT = re.compile(r"%(\d+\$)?[-+ #0'I]*(\*|\d+)?(\.(\*|\d+))?(hh|h|ll|l|L|q|j|z|t)?"
                    r"[diouxXeEfFgGaAcspn%]|%\"G_[A-Z0-9_]+\"")
MARKUP = re.compile(r"<[^>]*>|&[a-z]+;|&#\d+;")
ICON = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*-symbolic$")


def has_words(text):
    """True if some letter is left once formats, markup and icon names are taken away."""
    text = text.strip()
    if not text or ICON.match(text):
        return False
    text = MARKUP.sub("", FORMAT.sub("", text))
    return any(c.isalpha() for c in text)


def load_allowed():
    allowed_any, allowed_at = set(), set()
    with open(os.path.join(root, "tests", "untranslated-allow.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            path, sep, string = line.partition(":")
            if sep and (path.endswith(".c") or path.endswith(".ui")):
                allowed_at.add((path, string))
            else:
                allowed_any.add(line)
    return allowed_any, allowed_at


def unquote(po_string):
    return bytes(po_string, "utf-8").decode("unicode_escape").encode("latin-1").decode("utf-8")


def scan_c(files):
    """Yield (path, line, string) for each bare literal passed to a user-facing call."""
    keywords = [f"--keyword={name}:{position}"
                for name, positions in CALLS.items() for position in positions]
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, "bare.pot")
        subprocess.run(["xgettext", "--keyword", "--language=C", "--from-code=UTF-8",
                        "--omit-header", "--no-wrap", "--force-po", "--directory", root,
                        "--output", pot] + keywords + files, check=True)
        with open(pot, encoding="utf-8") as f:
            entries = f.read().split("\n\n")
    for entry in entries:
        where, msgid, field = [], [], None
        for line in entry.splitlines():
            if line.startswith("#: "):
                where += line[3:].split()
            elif line.startswith("msgid "):
                field = msgid
                msgid.append(line[7:-1])
            elif line.startswith("msgstr") or line.startswith("msgid_plural"):
                field = None
            elif line.startswith('"') and field is not None:
                field.append(line[1:-1])
        string = unquote("".join(msgid))
        for place in where:
            path, _, number = place.rpartition(":")
            yield path, int(number), string


def scan_property_pairs(path):
    """Yield (line, string) for a displayed property set to a bare literal in C, as in
    g_object_new (ADW_TYPE_ACTION_ROW, "title", "Name", NULL), which xgettext can't see."""
    names = "|".join(re.escape(name) for name in sorted(UI_PROPERTIES))
    pair = re.compile(r'"(' + names + r')"\s*,\s*"((?:[^"\\\n]|\\.)*)"')
    with open(os.path.join(root, path), encoding="utf-8") as f:
        source = f.read()
    for match in pair.finditer(source):
        yield source.count("\n", 0, match.start(2)) + 1, match.group(2)


def scan_ui(path):
    """Yield (line, what, string) for each displayed .ui text not marked translatable."""
    # xml.etree keeps no line numbers, so expat feeds its builder and notes each tag's line.
    builder = ET.TreeBuilder()
    line_of = {}
    expat = xml.parsers.expat.ParserCreate()

    def start(tag, attrs):
        line_of[builder.start(tag, attrs)] = expat.CurrentLineNumber

    expat.StartElementHandler = start
    expat.EndElementHandler = builder.end
    expat.CharacterDataHandler = builder.data
    with open(path, "rb") as f:
        expat.ParseFile(f)
    tree = ET.ElementTree(builder.close())
    lines = []

    parents = {child: parent for parent in tree.iter() for child in parent}
    for element in tree.iter():
        name = element.get("name")
        text = element.text or ""
        if element.get("translatable") == "yes" or not has_words(text):
            continue
        parent = parents.get(element)
        if element.tag == "property":
            if parent is not None and parent.tag == "accessibility":
                if name not in ACCESSIBLE_PROPERTIES:
                    continue
            elif name not in UI_PROPERTIES:
                continue
        elif element.tag == "attribute":
            if name != "label":
                continue
        elif element.tag == "item":
            if parent is None or parent.tag != "items":
                continue
        else:
            continue
        lines.append((line_of[element], f"<{element.tag} name=\"{name}\">"
                      if name else f"<{element.tag}>", text))
    return lines


def main():
    allowed_any, allowed_at = load_allowed()
    problems = []

    def allowed(path, string):
        return string in allowed_any or (path, string) in allowed_at

    c_files = sorted(os.path.relpath(p, root)
                     for d in ("src/core", "src/gui")
                     for p in glob.glob(os.path.join(root, d, "**", "*.c"), recursive=True))
    for path, line, string in scan_c(c_files):
        if not has_words(string) or allowed(path, string):
            continue
        problems.append(f"{path}:{line}: not marked for translation: \"{string}\"")

    for path in c_files:
        for line, string in scan_property_pairs(path):
            if has_words(string) and not allowed(path, string):
                problems.append(f"{path}:{line}: property set to an unmarked string: \"{string}\"")

    ui_files = sorted(os.path.relpath(p, root)
                      for d in ("src", "data")
                      for p in glob.glob(os.path.join(root, d, "**", "*.ui"), recursive=True))
    for path in ui_files:
        for line, what, string in scan_ui(os.path.join(root, path)):
            if allowed(path, string):
                continue
            problems.append(f"{path}:{line}: {what} has no translatable=\"yes\": \"{string}\"")

    # A file that marks strings but is not in POTFILES.in is never extracted.
    with open(os.path.join(root, "po", "POTFILES.in"), encoding="utf-8") as f:
        listed = {line.strip() for line in f if line.strip() and not line.startswith("#")}
    marker = re.compile(r"\b(N?C?_|g_dngettext|ngettext)\s*\(\s*\"")
    for path in c_files:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            if marker.search(f.read()) and path not in listed:
                problems.append(f"{path}: marks strings but is not in po/POTFILES.in")
    for path in ui_files:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            if 'translatable="yes"' in f.read() and path not in listed:
                problems.append(f"{path}: marks strings but is not in po/POTFILES.in")

    for problem in problems:
        print(problem)
    print(f"# {len(c_files)} C files, {len(ui_files)} .ui files, {len(problems)} problems",
          file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
