#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""test-gui-calendar-atspi.py: the week view as a screen reader and the
keyboard reach it. Mesodesk is launched on a fresh demo clinic and driven
over AT-SPI with real key events: sign in, Tab into the grid, press Next
for next week (all of it still to come, whatever today is), Tab into it,
find an appointment by its accessible name, Enter opens the editor, Escape
closes it, Shift+Down moves the appointment a quarter hour later (its name
and the database say so), Ctrl+Z puts it back.

Run as: test-gui-calendar-atspi.py BUILD_DIR, on a display ($MESODESK, as
meson sets it, names the program, else BUILD_DIR/src/mesodesk). It starts its
own session bus (dbus-run-session) when it is not in one of its own, so
that the accessibility bus's key synthesis knows the display."""

import datetime
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time

if os.environ.get("MESO_ATSPI_INNER") != "1":
    # The accessibility services are started by the session bus with its
    # environment: a bus started before the X server has no display.
    os.environ["MESO_ATSPI_INNER"] = "1"
    # The accessibility bus's socket goes there, not in a shared ~/.cache.
    os.environ["XDG_RUNTIME_DIR"] = tempfile.mkdtemp(prefix="mesodesk-atspi-run-")
    # Warnings are fatal to Mesodesk, not to libatspi here, which warns of
    # the cache GTK 4.8 does not offer.
    os.environ["MESO_APP_G_DEBUG"] = os.environ.pop("G_DEBUG", "")
    # TAP on fd 3; the services the bus starts write to stderr, not amid it.
    os.dup2(1, 3, inheritable=True)
    os.dup2(2, 1)
    os.execvp("dbus-run-session", ["dbus-run-session", "--", sys.executable, *sys.argv])

sys.stdout = os.fdopen(3, "w", buffering=1)

import gi  # noqa: E402

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402

KEY_TAB, KEY_RETURN, KEY_ESCAPE, KEY_DOWN = 0xFF09, 0xFF0D, 0xFF1B, 0xFF54
KEY_Z, SHIFT_MASK, CONTROL_MASK = ord("z"), 1 << 0, 1 << 2
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
PIN = "428571"
# "Patient, Monday 30 November, 09:00–09:30, Practitioner, Booked"
NAME = re.compile(r"^(?P<patient>.+), (?P<day>[^,]+), (?P<start>\d\d:\d\d)–(?P<end>\d\d:\d\d), "
                  r"(?P<practitioner>.*), (?P<status>[^,]+)$")

tests = 0


def ok(condition, what):
    global tests
    tests += 1
    print(("ok" if condition else "not ok") + f" {tests} - {what}", flush=True)
    if not condition:
        raise SystemExit(1)


def wait_for(what, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        try:
            value = what()
        except Exception:   # an object gone while walked: look again
            value = None
        if value:
            return value
        time.sleep(0.1)
    return None


def walk(node, depth=0):
    yield node
    if depth > 60:
        return
    for i in range(node.get_child_count()):
        child = node.get_child_at_index(i)
        if child is not None:
            yield from walk(child, depth + 1)


def find(root, role, name=None):
    for node in walk(root):
        if node.get_role_name() == role and (name is None or name(node.get_name() or "")):
            return node
    return None


def focused(node):
    return node.get_state_set().contains(Atspi.StateType.FOCUSED)


def key(sym, modifiers=0):
    """Presses and releases @sym with @modifiers (an X mask) held."""
    if modifiers:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.LOCKMODIFIERS)
    Atspi.generate_keyboard_event(sym, None, Atspi.KeySynthType.SYM)
    if modifiers:
        Atspi.generate_keyboard_event(modifiers, None, Atspi.KeySynthType.UNLOCKMODIFIERS)
    time.sleep(0.15)


def chips(app):
    return [node for node in walk(app)
            if node.get_role_name() == "push button" and NAME.match(node.get_name() or "")]


def places(database):
    with sqlite3.connect(f"file:{database}?mode=ro", uri=True) as db:
        return dict((row[0], row[1:]) for row in
                    db.execute("SELECT id, starts_at, practitioner_id, room_id FROM appointment"))


def patient_of(name):
    return NAME.match(name)["patient"]


def later(name, minutes):
    match = NAME.match(name)
    shift = datetime.timedelta(minutes=minutes)
    start, end = (datetime.datetime.strptime(match[part], "%H:%M") + shift
                  for part in ("start", "end"))
    return name.replace(f"{match['start']}–{match['end']}",
                        f"{start:%H:%M}–{end:%H:%M}")


def launch(command, env):
    """Mesodesk, started; started again, twice at most, if it exits at once.
    Twice in long clean-clone runs the suite's X server refused one client
    ("cannot open display") that the next one reached: the test is of the
    keyboard and the accessibility bus, not of that."""
    for attempt in range(3):
        process = subprocess.Popen(command, env=env)
        try:
            status = process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return process
        print(f"# Mesodesk exited at start with status {status}", flush=True)
    return process


def main():
    build = os.path.abspath(sys.argv[1])
    home = tempfile.mkdtemp(prefix="mesodesk-atspi-")
    os.makedirs(os.path.join(home, "config", "gtk-4.0"))
    with open(os.path.join(home, "config", "gtk-4.0", "settings.ini"), "w") as ini:
        ini.write("[Settings]\ngtk-enable-animations=false\ngtk-cursor-blink=false\n")
    env = dict(os.environ, HOME=home, XDG_DATA_HOME=os.path.join(home, "data"),
               XDG_CONFIG_HOME=os.path.join(home, "config"),
               XDG_CACHE_HOME=os.path.join(home, "cache"), GSETTINGS_BACKEND="memory",
               GSETTINGS_SCHEMA_DIR=os.environ.get("GSETTINGS_SCHEMA_DIR",
                                                   os.path.join(build, "data")),
               GDK_BACKEND="x11",
               GSK_RENDERER="cairo", LANGUAGE="en", LC_ALL="C.UTF-8")
    env["G_DEBUG"] = os.environ.get("MESO_APP_G_DEBUG", "")
    env.pop("GTK_A11Y", None)   # "none" or "test" would hide the app from the bus
    database = os.path.join(home, "data", "mesodesk", "demo.db")
    program = os.environ.get("MESODESK", os.path.join(build, "src", "mesodesk"))
    app_process = launch([program, "--demo"], env)
    try:
        run(database)
    finally:
        app_process.terminate()
        app_process.wait(timeout=30)
    print(f"1..{tests}")


def run(database):
    def application():
        desktop = Atspi.get_desktop(0)
        return next((desktop.get_child_at_index(i) for i in range(desktop.get_child_count())
                     if desktop.get_child_at_index(i).get_name() == "mesodesk"), None)

    app = wait_for(application, 60)
    ok(app is not None, "Mesodesk is on the accessibility bus")

    # Sign in as the first account (its row has the focus) with the demo's PIN.
    staff = wait_for(lambda: find(app, "list", lambda n: n == "Staff"), 60)
    ok(staff is not None and wait_for(lambda: focused(staff.get_child_at_index(0))),
       "the sign-in list has the focus")
    key(KEY_RETURN)
    pin = wait_for(lambda: next((n for n in walk(app) if "PIN" in (n.get_name() or "") and
                                 n.get_role_name() in ("password text", "text", "entry")), None))

    ok(pin is not None, "the PIN is asked for")
    for digit in PIN:
        key(ord(digit))
    key(KEY_RETURN)
    this_week = wait_for(lambda: chips(app), 60)
    ok(bool(this_week), f"the week view names its appointments ({len(this_week or [])})")
    ok(all(a.get_action_iface() and a.get_action_iface().get_n_actions() >= 1
           for a in this_week), "each appointment has actions for a screen reader")

    # Tab into the grid: the focus lands on an appointment.
    def tab_into(appointments):
        for _ in range(60):
            if any(focused(a) for a in appointments):
                break
            key(KEY_TAB)
        return next((i for i, a in enumerate(appointments) if focused(a)), None)

    ok(tab_into(this_week) is not None, "Tab reaches the appointments")

    # Next week, all to come whatever today is (the demo fills six weeks),
    # with the header's Next button as a screen reader presses it.
    next_button = next((n for n in walk(app) if n.get_role_name() == "push button"
                        and (n.get_description() or "").startswith("Next")), None)
    ok(next_button is not None and next_button.get_action_iface().do_action(0),
       "the Next button is pressed")
    shown = {a.get_name() for a in this_week}
    # The names change one by one on the bus: wait until they stop.
    last_names = []

    def next_week():
        names = [a.get_name() for a in chips(app)]
        settled, last_names[:] = names == last_names, names
        time.sleep(0.3)
        return settled and [a for a in chips(app) if a.get_name() not in shown]

    appointments = wait_for(next_week, 30)
    ok(bool(appointments),
       f"Next shows next week's appointments ({len(appointments or [])})")
    first = tab_into(appointments)
    ok(first is not None, "Tab reaches next week's appointments")

    # Down walks them in the order of days and times (the accessibility
    # tree's order is its client's cache, not the grid's); from the first, try
    # those still to come until one moves.
    week_start = WEEKDAYS.index(NAME.match(appointments[first].get_name())["day"].split()[0])

    def when(chip):
        match = NAME.match(chip.get_name())
        return ((WEEKDAYS.index(match["day"].split()[0]) - week_start) % 7, match["start"])

    def down_from(chip):
        key(KEY_DOWN)
        following = wait_for(lambda: next((a for a in appointments
                                           if a is not chip and focused(a)), None), 5)
        ok(following is not None and when(following) >= when(chip) and
           not any(when(chip) < when(a) < when(following) for a in appointments),
           f"Down goes on from “{chip.get_name()}” to the next one")
        return following

    def to_come(chip):
        return NAME.match(chip.get_name())["status"] in ("Booked", "Confirmed")

    chip = appointments[first]
    before = places(database)
    for attempt in range(25):
        chip = down_from(chip)
        while not to_come(chip):
            chip = down_from(chip)
        name = chip.get_name()
        key(KEY_DOWN, SHIFT_MASK)
        moved_name = later(name, 15)
        if wait_for(lambda: chip.get_name() == moved_name, 2.5):
            break
        # Refused (its next quarter hour is taken): nothing changed.
        ok(chip.get_name() == name and places(database) == before,
           f"a refused move of “{name}” changes nothing")
    ok(chip.get_name() == moved_name, f"Shift+Down moves it: “{moved_name}”")
    ok(wait_for(lambda: focused(chip), 5), "the focus stays on the moved appointment")
    after = places(database)
    changed = [i for i in after if after[i] != before.get(i)]
    ok(len(changed) == 1 and after[changed[0]][0] == before[changed[0]][0] + 15 * 60
       and after[changed[0]][1:] == before[changed[0]][1:],
       "the database has that one appointment a quarter hour later")

    key(KEY_Z, CONTROL_MASK)
    ok(wait_for(lambda: chip.get_name() == name, 10), f"Ctrl+Z puts it back: “{name}”")
    ok(wait_for(lambda: places(database) == before, 5), "and the database agrees")
    ok(wait_for(lambda: focused(chip), 5), "the focus is still on it")

    # Last, as nothing here gives the window its focus back once a dialog
    # closes (no window manager).
    frames = app.get_child_count()
    key(KEY_RETURN)
    ok(wait_for(lambda: app.get_child_count() > frames, 10), "Enter opens the editor")
    editor = app.get_child_at_index(app.get_child_count() - 1)
    ok(patient_of(name) in [n.get_name() for n in walk(editor)],
       "the editor shows the appointment's patient")
    key(KEY_ESCAPE)
    ok(wait_for(lambda: app.get_child_count() == frames, 10), "Escape closes it")


if __name__ == "__main__":
    main()
