#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Times Mesodesk from outside, as a receptionist feels it.

On a private Xvfb it launches Mesodesk on a copy of a generated clinic, signs
in, switches calendar views, opens an appointment, browses three months, types a search, clears it
and opens Preferences with real input (XTest), and prints each action's
settled time and longest main-loop stall (xsettle.c measures both), with the
peak resident memory. gtk4-demo and gnome-contacts are launched in the same
rounds for the first-frame ratio, gnome-calendar for the memory figure.

  meson compile -C _build
  _build/src/bench/mesodesk-bench --generate /tmp/clinic.db
  src/bench/mesodesk-xbench.py --database /tmp/clinic.db _build [OTHER_BUILD...]

Several builds (before and after a change) are run interleaved, so that a
busy machine slows them alike. Peers need gtk-4-examples, gnome-contacts and
gnome-calendar; a missing one is left out."""

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

PIN = "428571"
# Window-relative, on an appointment of the week view (--open-at).
OPEN_AT = "517,360"
# (label, xsettle act steps): all steps but the last are set-up; the last is timed.
ACTIONS = [
    # The administrator, Selin Demir, may open Preferences (--sign-in-at).
    ("PIN entered → calendar drawn", ["click:SIGN_IN_AT", "type:" + PIN, "key:Return"]),
    ("day view", ["key:ctrl+1"]),
    ("month view", ["key:ctrl+3"]),
    ("week view", ["key:ctrl+2"]),
    # A click on a Wednesday block focuses it (its summary pops up), Escape
    # closes the summary; timed: Enter to the editor's first frame. A window
    # an action opens is closed after it (close_others).
    ("opening an appointment", ["click:OPEN_AT", "key:Escape", "key:Return"]),
    ("next week (after 12)", ["key:alt+Right"] * 13),
    ("search keystroke “m”", ["key:ctrl+f", "type:m"]),
    ("clearing the search", ["key:BackSpace"]),
    ("Preferences first frame", ["key:ctrl+comma"]),
]
# The p99 targets need more samples than rounds: after ACTIONS, within
# the same launch, each of these is timed --repeat times more, in turn
# (label, untimed set-up steps, timed step). Each timed step must change the
# screen, so each starts where the one before left off; a window the timed
# step opened is closed with Escape after it (xsettle gives the keyboard to
# the window it acts on, so the main window's keys never reach it).
REPEATED = [
    ("month view", [], "key:ctrl+3"),
    ("week view", [], "key:ctrl+2"),
    ("opening an appointment", ["click:OPEN_AT", "key:Escape"], "key:Return"),
    ("Preferences first frame", [], "key:ctrl+comma"),
    ("day view", [], "key:ctrl+1"),
]
# From the end of ACTIONS (three months ahead in the week view, a search
# typed) to today in the day view, where REPEATED starts.
BEFORE_REPEATED = ["key:alt+2", "key:ctrl+t", "key:ctrl+1"]
# A sample of these counts only if the window it times was opened (a wrong
# --sign-in-at or --open-at would otherwise time an unchanged screen).
OPENS_WINDOW = ("opening an appointment", "Preferences first frame")
PEERS = [("gtk4-demo", "GTK Demo", ["gtk4-demo"]),
         ("gnome-contacts", "Contacts", ["gnome-contacts"]),
         ("gnome-calendar", "Calendar", ["gnome-calendar"])]


def parse(line):
    return {k: v.strip('"') for k, v in re.findall(r'(\w+)=("[^"]*"|\S+)', line)}


def memory_mb(pid, field="VmHWM"):
    """VmHWM is the peak resident memory, VmRSS the resident memory now."""
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def percentile(values, p):
    """Nearest rank: with fewer than 100 samples the p99 is the slowest."""
    ordered = sorted(values)
    return ordered[max(0, -(-len(ordered) * p // 100) - 1)]


class Bench:
    def __init__(self, args, home):
        self.args = args
        self.home = home
        self.results = {}   # (program, measure) -> [values]

    def add(self, program, measure, value):
        self.results.setdefault((program, measure), []).append(value)

    def xsettle(self, *argv):
        # A build from before the benchmark had it may be compared too.
        xsettle = next(path for path in (os.path.join(build, "src", "bench", "xsettle")
                                         for build in self.args.builds) if os.path.exists(path))
        # A file, not a pipe: a program launched with -k keeps a pipe open.
        with tempfile.TemporaryFile("w+") as out:
            done = subprocess.run([xsettle, *argv], stdout=out, stderr=subprocess.DEVNULL,
                                  timeout=600)
            out.seek(0)
            output = out.read()
        lines = [l for l in output.splitlines() if "=" in l]
        if self.args.verbose:
            sys.stderr.write(f"xsettle {' '.join(argv)}: {output}")
        if done.returncode != 0 or not lines:
            sys.stderr.write(f"xsettle {' '.join(argv)} failed: {output}\n")
            return None
        return parse(lines[-1])

    def launch(self, name, title, argv, env=None, keep=False):
        env = dict(os.environ, **(env or {}))
        os.environ.update(env)
        result = self.xsettle("launch", "-t", "120", "-n", title, *(["-k"] if keep else []),
                              "--", *argv)
        if result is None:
            return None
        self.add(name, "first complete frame", float(result["settled_ms"]))
        self.add(name, "first frame: longest stall", float(result["max_ping_ms"]))
        return result

    def peers(self):
        for name, title, argv in PEERS:
            if shutil.which(argv[0]):
                result = self.launch(name, title, argv, keep=True)
                if result:
                    time.sleep(2)
                    self.add(name, "VmHWM idle (MB)", memory_mb(int(result["pid"])))
                    os.killpg(int(result["pid"]), 15)

    def mesodesk(self, build):
        name = os.path.basename(os.path.abspath(build))
        copy = os.path.join(self.home, "clinic.db")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(copy + suffix):
                os.unlink(copy + suffix)
        subprocess.run(["cp", "--sparse=always", self.args.database, copy], check=True)
        env = {"GSETTINGS_SCHEMA_DIR": os.path.join(os.path.abspath(build), "data")}
        result = self.launch(name, "Mesodesk",
                             [os.path.join(build, "src", "mesodesk"), "--database", copy],
                             env=env, keep=True)
        if result is None:
            return
        pid, window = int(result["pid"]), result["window"]
        try:
            for number, (label, steps) in enumerate(ACTIONS):
                act = self.act(window, steps)
                if act is None:
                    break
                if self.args.screenshots:
                    # To check by eye that each action did what its label says.
                    png = os.path.join(self.args.screenshots, f"{name}-{number}.png")
                    subprocess.run(["import", "-window", "root", png], check=False)
                if not self.record(name, label, act, window):
                    break
                if label.startswith("PIN"):
                    time.sleep(1)
                    self.add(name, "VmHWM after sign-in (MB)", memory_mb(pid))
                    # The peak holds Argon2id's 64 MB for the PIN check's 30 ms.
                    self.add(name, "VmRSS after sign-in (MB)", memory_mb(pid, "VmRSS"))
                elif label.startswith("next week"):
                    self.add(name, "VmHWM after three months (MB)", memory_mb(pid))
                    self.add(name, "VmRSS after three months (MB)", memory_mb(pid, "VmRSS"))
            self.add(name, "VmHWM at the end (MB)", memory_mb(pid))
            self.repeat(window, name)
        finally:
            try:
                os.killpg(pid, 15)
            except ProcessLookupError:
                sys.stderr.write("Mesodesk had quit before the end of its round\n")
            time.sleep(1)

    def act(self, window, steps):
        steps = [step.replace("OPEN_AT", self.args.open_at)
                 .replace("SIGN_IN_AT", self.args.sign_in_at) for step in steps]
        return self.xsettle("act", "-w", window, "-t", "60", *steps)

    def close_others(self, window):
        """Closes with Escape every shown top-level window but WINDOW;
        returns how many."""
        listing = subprocess.run(["xwininfo", "-root", "-children"], capture_output=True,
                                 text=True).stdout
        closed = 0
        for other in re.findall(r"^\s+(0x[0-9a-f]+) \"", listing, re.M):
            if int(other, 16) == int(window, 16):
                continue
            state = subprocess.run(["xwininfo", "-id", other], capture_output=True,
                                   text=True).stdout
            if "IsViewable" in state:
                # Briefly: a window Escape does not close must not cost the
                # step's whole minute.
                self.xsettle("act", "-w", other, "-t", "5", "key:Escape")
                closed += 1
        return closed

    def repeat(self, window, name):
        if self.args.repeat == 0 or self.act(window, BEFORE_REPEATED) is None:
            return
        for _ in range(self.args.repeat):
            for label, setup, timed in REPEATED:
                act = self.act(window, setup + [timed])
                if act is None:
                    return
                if not self.record(name, label, act, window):
                    return

    def record(self, name, label, act, window):
        """Adds ACT's times under LABEL unless it should have opened a window
        and did not; closes what it opened."""
        if self.close_others(window) == 0 and label in OPENS_WINDOW:
            sys.stderr.write(f"{label}: no window opened (check --sign-in-at, --open-at)\n")
            return False
        self.add(name, label, float(act["settled_ms"]))
        self.add(name, label + ": longest stall", float(act["max_ping_ms"]))
        return True

    def report(self):
        programs = []
        for program, _ in self.results:
            if program not in programs:
                programs.append(program)
        measures = []
        for _, measure in self.results:
            if measure not in measures:
                measures.append(measure)
        print(f"\nmedians of {self.args.runs} rounds, ms unless noted"
              f" (database {os.path.basename(self.args.database)}); with p99 (and the"
              f" number of samples) where --repeat gave more\n")
        print("| measure | " + " | ".join(programs) + " |")
        print("|---|" + "---|" * len(programs))
        for measure in measures:
            cells = []
            for program in programs:
                values = self.results.get((program, measure))
                cell = f"{statistics.median(values):.0f}" if values else ""
                if values and len(values) > self.args.runs:
                    cell += f", p99 {percentile(values, 99):.0f} (n = {len(values)})"
                cells.append(cell)
            print(f"| {measure} | " + " | ".join(cells) + " |")
        # The targets for the first frame are ratios to the peers.
        for peer in ("gnome-contacts", "gtk4-demo"):
            peer_frames = self.results.get((peer, "first complete frame"))
            if not peer_frames:
                continue
            cells = []
            for program in programs:
                frames = self.results.get((program, "first complete frame"))
                cells.append(f"{statistics.median(frames) / statistics.median(peer_frames):.2f}"
                             if frames and program != peer else "")
            print(f"| first frame ÷ {peer} | " + " | ".join(cells) + " |")


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--database", required=True, help="a clinic made by mesodesk-bench -g")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=10,
                        help="times each view switch, opening and Preferences is timed again"
                             " per round (for the p99)")
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--open-at", default=OPEN_AT, metavar="X,Y",
                        help="where an appointment is in the week view (window-relative)")
    parser.add_argument("--sign-in-at", default="500,600", metavar="X,Y",
                        help="where the administrator's row is on the sign-in page (the fifth"
                             " of six in a generated clinic, the fourth of four in the demo)")
    parser.add_argument("--verbose", action="store_true", help="print every xsettle result")
    parser.add_argument("--screenshots", metavar="DIR",
                        help="save the screen after each action (needs ImageMagick's import)")
    parser.add_argument("builds", nargs="+", help="build folders to compare")
    args = parser.parse_args()

    if "MESO_XBENCH_INNER" not in os.environ:
        # A private X server and session bus, so nothing else draws or answers.
        os.environ["MESO_XBENCH_INNER"] = "1"
        os.execvp("xvfb-run", ["xvfb-run", "-a", "-s", "-screen 0 1280x1024x24",
                               "dbus-run-session", "--", sys.executable, *sys.argv])

    with tempfile.TemporaryDirectory(prefix="mesodesk-xbench-") as home:
        config = os.path.join(home, "config", "gtk-4.0")
        os.makedirs(config)
        with open(os.path.join(config, "settings.ini"), "w") as ini:
            # A blinking cursor or an animation never lets the screen settle.
            ini.write("[Settings]\ngtk-enable-animations=false\ngtk-cursor-blink=false\n")
        os.environ.update(HOME=home, XDG_CONFIG_HOME=os.path.join(home, "config"),
                          XDG_DATA_HOME=os.path.join(home, "data"),
                          XDG_CACHE_HOME=os.path.join(home, "cache"),
                          GSETTINGS_BACKEND="memory", GDK_BACKEND="x11", GSK_RENDERER="cairo")
        # A desktop has a notification server; without one Mesodesk says so
        # in a toast, which would be the last thing drawn at start.
        notifications = subprocess.Popen(["/usr/bin/python3", "-m", "dbusmock", "--template",
                                          "notification_daemon"],
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        subprocess.run(["gdbus", "wait", "--session", "--timeout", "10",
                        "org.freedesktop.Notifications"], check=False)
        bench = Bench(args, home)
        # The first program on a new session bus starts its services (portals,
        # accessibility): a program no round measures pays for that.
        if shutil.which("gtk4-demo"):
            bench.xsettle("launch", "-t", "60", "-n", "GTK Demo", "--", "gtk4-demo")
        for round_ in range(args.runs):
            print(f"round {round_ + 1} of {args.runs}", file=sys.stderr)
            if not args.no_peers:
                bench.peers()
            for build in args.builds:
                bench.mesodesk(build)
        bench.report()
        notifications.terminate()


if __name__ == "__main__":
    main()
