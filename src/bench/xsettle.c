/* SPDX-License-Identifier: GPL-3.0-or-later */
/* From ../shared/tools/xsettle.c, the team's instrument; mesodesk-xbench.py
 * drives it. Kept as it is there, so the two stay comparable. */
/* xsettle: time what a user sees on an X display (Xvfb), from outside the app.
 *
 *   xsettle launch [-n NAME] [-t TIMEOUT_S] [-q QUIET_MS] [-k] -- prog args...
 *     fork/execs prog; reports ms from the fork to the MapNotify of its first
 *     top-level window whose title contains NAME, to the first damage on it,
 *     and to the last damage before QUIET_MS (500) of no damage ("settled":
 *     the first complete frame). With -k the program is left running (its pid
 *     and window are printed); without, it gets SIGTERM (as waitmap does).
 *
 *   xsettle act -w WIN [-t TIMEOUT_S] [-q QUIET_MS] [-g GAP_MS] STEP...
 *     sends the STEPs as real input (XTest) to window WIN (hex or decimal):
 *       key:COMBO    e.g. key:Return  key:ctrl+3  key:alt+Right  key:a
 *       type:TEXT    letters, digits, space
 *       click:X,Y    left click at window-relative X,Y
 *     Every step but the last is set-up: after it, xsettle waits until the
 *     screen is quiet (QUIET_MS; a click first moves the pointer and waits
 *     out any tooltip). The clock starts when the last step's
 *     input has reached the X server. Reports ms to the first damage and to
 *     the settled frame, on any top-level window (dialogs and popovers too).
 *
 * Both modes also ping the window with _NET_WM_PING, one ping at a time,
 * while they wait: GDK answers pings on the main loop, so the longest ping
 * round trip ("max_ping_ms") is the longest main-loop stall seen (a busy
 * X server or CPU adds to it too; compare with an idle app), and the frame
 * only counts as settled once the main loop answers again (a stall longer
 * than QUIET_MS would otherwise end the wait before the app redraws).
 * XSETTLE_NOPING=1 turns the pings off (to check they change nothing);
 * XSETTLE_DEBUG=1 prints every damage event on stderr.
 *
 * Build: cc -O2 -o xsettle xsettle.c -lX11 -lXdamage -lXtst */
#include <X11/Xlib.h>
#include <X11/Xatom.h>
#include <X11/Xutil.h>
#include <X11/XKBlib.h>
#include <X11/keysym.h>
#include <X11/extensions/Xdamage.h>
#include <X11/extensions/XTest.h>
#include <ctype.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static Display *dpy;
static Window root;
static int damage_event;
static Atom wm_protocols, net_wm_ping;

static double now (void)
{
  struct timespec t;
  clock_gettime (CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e3 + t.tv_nsec / 1e6;
}

static int name_matches (Window w, const char *want)
{
  Atom net = XInternAtom (dpy, "_NET_WM_NAME", False), utf8 = XInternAtom (dpy, "UTF8_STRING", False);
  Atom type; int fmt; unsigned long n, after; unsigned char *p = NULL; int ok = 0;
  if (!want) return 1;
  if (XGetWindowProperty (dpy, w, net, 0, 1024, False, utf8, &type, &fmt, &n, &after, &p) == Success && p)
    { ok = strstr ((char *) p, want) != NULL; XFree (p); }
  if (!ok) { char *s = NULL; if (XFetchName (dpy, w, &s) && s) { ok = strstr (s, want) != NULL; XFree (s); } }
  return ok;
}

/* Ping state: one ping in flight at a time. */
static Window ping_win;
static long ping_serial;
static double ping_sent = -1, ping_back = -1, ping_max = 0, ping_sum = 0;
static double stall_end = -1;   /* when the last ping slower than 20 ms came back */
static int ping_n = 0;

static void ping_send (void)
{
  XEvent ev;
  if (!ping_win || getenv ("XSETTLE_NOPING") || ping_sent >= 0 || (ping_back >= 0 && now () - ping_back < 5)) return;
  memset (&ev, 0, sizeof ev);
  ev.xclient.type = ClientMessage;
  ev.xclient.window = ping_win;
  ev.xclient.message_type = wm_protocols;
  ev.xclient.format = 32;
  ev.xclient.data.l[0] = net_wm_ping;
  ev.xclient.data.l[1] = ++ping_serial;   /* used as the timestamp: echoed back */
  ev.xclient.data.l[2] = ping_win;
  XSendEvent (dpy, ping_win, False, NoEventMask, &ev);
  XFlush (dpy);
  ping_sent = now ();
}

static void ping_reset (void) { ping_max = 0; ping_sum = 0; ping_n = 0; }

/* Handles one event; returns 1 if it was damage on a tracked window. */
typedef struct { Window only; int track_new; } Track;

static int handle (XEvent *ev, Track *tr)
{
  if (ev->type == CreateNotify && ev->xcreatewindow.parent == root && tr->track_new)
    XDamageCreate (dpy, ev->xcreatewindow.window, XDamageReportNonEmpty);
  else if (ev->type == ClientMessage && ev->xclient.message_type == wm_protocols &&
           (Atom) ev->xclient.data.l[0] == net_wm_ping && ev->xclient.window == root)
    {
      if (ev->xclient.data.l[1] == ping_serial && ping_sent >= 0)
        {
          double rtt = now () - ping_sent;
          ping_sum += rtt; ping_n++;
          if (rtt > ping_max) ping_max = rtt;
          ping_sent = -1;
          ping_back = now ();
          if (rtt > 20) stall_end = ping_back;
        }
    }
  else if (ev->type == damage_event + XDamageNotify)
    {
      XDamageNotifyEvent *de = (XDamageNotifyEvent *) ev;
      XDamageSubtract (dpy, de->damage, None, None);
      if (getenv ("XSETTLE_DEBUG"))
        fprintf (stderr, "%.1f damage 0x%lx %dx%d+%d+%d of %dx%d\n", now (), de->drawable, de->area.width,
                 de->area.height, de->area.x, de->area.y, de->geometry.width, de->geometry.height);
      if (!tr->only || de->drawable == tr->only) return 1;
    }
  return 0;
}

/* Pumps events until QUIET ms pass with no damage after the last one (or,
 * when nothing is damaged at all, until FIRST_WAIT ms), or TIMEOUT ms after
 * t0. Returns the time of the last damage relative to t0, or -1; the first
 * goes to *first and the count to *n. Pings the window all along. */
static double settle (double t0, double quiet, double first_wait, double timeout, Track *tr,
                      double *first, int *n)
{
  double last = -1;
  int fd = ConnectionNumber (dpy);
  for (;;)
    {
      double t = now () - t0;
      /* A ping unanswered for 20 ms: the main loop is busy, and what it
       * does may be drawn after it; so quiet counts from the end of the
       * last stall too. */
      int busy = ping_win && ping_sent >= 0 && now () - ping_sent > 20;
      double active = stall_end - t0 > last ? stall_end - t0 : last;
      if (t > timeout) break;
      if (!busy && last >= 0 && t - active > quiet) break;
      if (!busy && last < 0 && t > first_wait && t - active > quiet) break;
      while (XPending (dpy))
        {
          XEvent ev;
          XNextEvent (dpy, &ev);
          if (handle (&ev, tr))
            {
              last = now () - t0;
              if (first && *first < 0) *first = last;
              if (n) (*n)++;
            }
        }
      ping_send ();
      struct pollfd pfd = { fd, POLLIN, 0 };
      poll (&pfd, 1, 2);
    }
  return last;
}

static int usage (void)
{
  fprintf (stderr, "usage: xsettle launch [-n NAME] [-t S] [-q MS] [-k] -- prog args...\n"
                   "       xsettle act -w WIN [-t S] [-q MS] [-g MS] key:COMBO|type:TEXT|click:X,Y ...\n");
  return 2;
}

/* Windows vanish and InputOnly windows take no damage: ignore such errors. */
static int ignore_error (Display *d, XErrorEvent *e) { (void) d; (void) e; return 0; }

static int open_display (void)
{
  int derr;
  dpy = XOpenDisplay (NULL);
  if (!dpy) { fprintf (stderr, "no display\n"); return 0; }
  XSetErrorHandler (ignore_error);
  if (!XDamageQueryExtension (dpy, &damage_event, &derr)) { fprintf (stderr, "no DAMAGE\n"); return 0; }
  root = DefaultRootWindow (dpy);
  wm_protocols = XInternAtom (dpy, "WM_PROTOCOLS", False);
  net_wm_ping = XInternAtom (dpy, "_NET_WM_PING", False);
  XSelectInput (dpy, root, SubstructureNotifyMask);
  return 1;
}

static int do_launch (int argc, char **argv)
{
  const char *want = NULL; double timeout = 60, quiet = 500; int keep = 0, i = 0;
  for (; i < argc; i++)
    {
      if (!strcmp (argv[i], "-n") && i + 1 < argc) want = argv[++i];
      else if (!strcmp (argv[i], "-t") && i + 1 < argc) timeout = atof (argv[++i]);
      else if (!strcmp (argv[i], "-q") && i + 1 < argc) quiet = atof (argv[++i]);
      else if (!strcmp (argv[i], "-k")) keep = 1;
      else if (!strcmp (argv[i], "--")) { i++; break; }
      else break;
    }
  if (i >= argc || !open_display ()) return usage ();
  XSync (dpy, False);
  double t0 = now ();
  pid_t pid = fork ();
  /* A kept program must not hold our stdout: a $(xsettle launch -k ...)
   * would wait for it to exit. Its output goes to our stderr. */
  if (pid == 0) { setpgid (0, 0); if (keep) dup2 (2, 1); execvp (argv[i], argv + i); _exit (127); }
  Window mapped = 0; double tmap = -1, tfirst = -1, tlast = -1; int ndmg = 0;
  Track tr = { 0, 1 };
  int fd = ConnectionNumber (dpy);
  /* Until the map: watch creations (damage on each) and maps. */
  while (!mapped && now () - t0 < timeout * 1000)
    {
      while (XPending (dpy))
        {
          XEvent ev; XNextEvent (dpy, &ev);
          if (ev.type == CreateNotify && ev.xcreatewindow.parent == root && !ev.xcreatewindow.override_redirect)
            XDamageCreate (dpy, ev.xcreatewindow.window, XDamageReportNonEmpty);
          else if (ev.type == MapNotify && !mapped && !ev.xmap.override_redirect && ev.xmap.event == root &&
                   name_matches (ev.xmap.window, want))
            { mapped = ev.xmap.window; tmap = now () - t0; }
          else if (ev.type == damage_event + XDamageNotify)
            {
              XDamageNotifyEvent *de = (XDamageNotifyEvent *) &ev;
              XDamageSubtract (dpy, de->damage, None, None);
              if (mapped && de->drawable == mapped) { tfirst = tlast = now () - t0; ndmg++; }
            }
        }
      int st;
      if (waitpid (pid, &st, WNOHANG) == pid) { fprintf (stderr, "child exited early\n"); return 3; }
      struct pollfd pfd = { fd, POLLIN, 0 }; poll (&pfd, 1, 5);
    }
  if (mapped)
    {
      double first = tfirst, last;
      tr.only = mapped; tr.track_new = 0;
      ping_win = mapped; ping_reset ();
      last = settle (t0, quiet, timeout * 1000, timeout * 1000, &tr, &first, &ndmg);
      if (last >= 0) tlast = last;
      tfirst = first;
    }
  char *wname = NULL;
  if (mapped) XFetchName (dpy, mapped, &wname);
  printf ("pid=%d window=0x%lx name=\"%s\" map_ms=%.1f first_damage_ms=%.1f settled_ms=%.1f damages=%d"
          " max_ping_ms=%.1f pings=%d\n", (int) pid, mapped, wname ? wname : "", tmap, tfirst, tlast, ndmg,
          ping_max, ping_n);
  fflush (stdout);
  if (!keep)
    {
      kill (-pid, SIGTERM);
      for (int k = 0; k < 100; k++) { int st; if (waitpid (pid, &st, WNOHANG) == pid) goto out; usleep (20000); }
      kill (-pid, SIGKILL); waitpid (pid, NULL, 0);
    }
out:
  XCloseDisplay (dpy);
  return tmap < 0 ? 1 : 0;
}

static KeyCode code_for (KeySym ks, int *need_shift)
{
  KeyCode kc = XKeysymToKeycode (dpy, ks);
  *need_shift = 0;
  if (kc && XkbKeycodeToKeysym (dpy, kc, 0, 0) != ks && XkbKeycodeToKeysym (dpy, kc, 0, 1) == ks)
    *need_shift = 1;
  return kc;
}

static void tap (KeyCode kc, int down) { XTestFakeKeyEvent (dpy, kc, down, CurrentTime); }

static int send_combo (const char *combo)
{
  char buf[128]; char *parts[8]; int n = 0;
  KeyCode mods[8]; int nm = 0, shift = 0;
  snprintf (buf, sizeof buf, "%s", combo);
  for (char *p = strtok (buf, "+"); p && n < 8; p = strtok (NULL, "+")) parts[n++] = p;
  if (n == 0) return 0;
  for (int k = 0; k < n - 1; k++)
    {
      const char *m = parts[k]; KeySym ks;
      if (!strcasecmp (m, "ctrl") || !strcasecmp (m, "control")) ks = XK_Control_L;
      else if (!strcasecmp (m, "alt")) ks = XK_Alt_L;
      else if (!strcasecmp (m, "shift")) ks = XK_Shift_L;
      else if (!strcasecmp (m, "super")) ks = XK_Super_L;
      else { fprintf (stderr, "unknown modifier %s\n", m); return 0; }
      mods[nm++] = XKeysymToKeycode (dpy, ks);
    }
  KeySym ks = XStringToKeysym (parts[n - 1]);
  if (ks == NoSymbol) { fprintf (stderr, "unknown key %s\n", parts[n - 1]); return 0; }
  KeyCode kc = code_for (ks, &shift);
  if (!kc) { fprintf (stderr, "no keycode for %s\n", parts[n - 1]); return 0; }
  KeyCode shift_kc = XKeysymToKeycode (dpy, XK_Shift_L);
  for (int k = 0; k < nm; k++) tap (mods[k], 1);
  if (shift) tap (shift_kc, 1);
  tap (kc, 1); tap (kc, 0);
  if (shift) tap (shift_kc, 0);
  for (int k = nm - 1; k >= 0; k--) tap (mods[k], 0);
  return 1;
}

static int send_text (const char *text)
{
  for (const char *c = text; *c; c++)
    {
      char name[2] = { *c, 0 };
      KeySym ks = *c == ' ' ? XK_space : XStringToKeysym (name);
      int shift; KeyCode kc = code_for (ks, &shift), shift_kc = XKeysymToKeycode (dpy, XK_Shift_L);
      if (!kc) { fprintf (stderr, "no keycode for '%c'\n", *c); return 0; }
      if (shift) tap (shift_kc, 1);
      tap (kc, 1); tap (kc, 0);
      if (shift) tap (shift_kc, 0);
      XSync (dpy, False);
      usleep (15000);
    }
  return 1;
}

/* A click is prepared by moving the pointer there (hover redraws are
 * set-up, not part of the click); keys need no preparation. */
static int prepare_step (Window win, const char *step)
{
  if (!strncmp (step, "click:", 6))
    {
      int x, y, rx, ry; Window child;
      if (sscanf (step + 6, "%d,%d", &x, &y) != 2) return 0;
      XTranslateCoordinates (dpy, win, root, x, y, &rx, &ry, &child);
      XTestFakeMotionEvent (dpy, -1, rx, ry, CurrentTime);
    }
  return 1;
}

static int send_step (const char *step)
{
  if (!strncmp (step, "key:", 4)) return send_combo (step + 4);
  if (!strncmp (step, "type:", 5)) return send_text (step + 5);
  if (!strncmp (step, "click:", 6))
    {
      XTestFakeButtonEvent (dpy, 1, True, CurrentTime);
      XFlush (dpy);
      usleep (30000);   /* a real click holds the button a little */
      XTestFakeButtonEvent (dpy, 1, False, CurrentTime);
      return 1;
    }
  fprintf (stderr, "unknown step %s\n", step);
  return 0;
}

static int do_act (int argc, char **argv)
{
  Window win = 0; double timeout = 20, quiet = 300, gap = 0; int i = 0;
  for (; i < argc; i++)
    {
      if (!strcmp (argv[i], "-w") && i + 1 < argc) win = strtoul (argv[++i], NULL, 0);
      else if (!strcmp (argv[i], "-t") && i + 1 < argc) timeout = atof (argv[++i]);
      else if (!strcmp (argv[i], "-q") && i + 1 < argc) quiet = atof (argv[++i]);
      else if (!strcmp (argv[i], "-g") && i + 1 < argc) gap = atof (argv[++i]);
      else break;
    }
  if (!win || i >= argc || !open_display ()) return usage ();
  int xtev, xterr, xtmaj, xtmin;
  if (!XTestQueryExtension (dpy, &xtev, &xterr, &xtmaj, &xtmin)) { fprintf (stderr, "no XTEST\n"); return 2; }
  /* Damage on every top-level window, and on those made later. */
  Window rr, pr, *kids = NULL; unsigned int nk = 0;
  XQueryTree (dpy, root, &rr, &pr, &kids, &nk);
  for (unsigned int k = 0; k < nk; k++) XDamageCreate (dpy, kids[k], XDamageReportNonEmpty);
  if (kids) XFree (kids);
  Track tr = { 0, 1 };
  ping_win = win;
  /* Keyboard focus to the window (there is no window manager). */
  XSetInputFocus (dpy, win, RevertToPointerRoot, CurrentTime);
  XSync (dpy, False);
  settle (now (), quiet, quiet, timeout * 1000, &tr, NULL, NULL);
  for (; i < argc - 1; i++)
    {
      if (!prepare_step (win, argv[i])) return 2;
      XSync (dpy, False);
      settle (now (), quiet, quiet, timeout * 1000, &tr, NULL, NULL);
      if (!send_step (argv[i])) return 2;
      XSync (dpy, False);
      settle (now (), quiet, quiet, timeout * 1000, &tr, NULL, NULL);
      if (gap > 0) usleep (gap * 1000);
    }
  if (!prepare_step (win, argv[i])) return 2;
  XSync (dpy, False);
  /* After a move, a tooltip may show (about 500 ms later): let it, before
   * the click, so that it is not taken for the click's answer. */
  double prepared_quiet = !strncmp (argv[i], "click:", 6) && quiet < 900 ? 900 : quiet;
  settle (now (), prepared_quiet, prepared_quiet, timeout * 1000, &tr, NULL, NULL);
  /* Idle ping baseline just before the timed step (no ping left in flight). */
  ping_reset ();
  settle (now (), quiet, 100, timeout * 1000, &tr, NULL, NULL);
  double idle_ping = ping_n ? ping_sum / ping_n : -1;
  for (double tw = now (); ping_sent >= 0 && now () - tw < 2000;)
    {
      while (XPending (dpy)) { XEvent ev; XNextEvent (dpy, &ev); handle (&ev, &tr); }
      struct pollfd pfd = { ConnectionNumber (dpy), POLLIN, 0 };
      poll (&pfd, 1, 2);
    }
  ping_reset ();
  if (!send_step (argv[i])) return 2;
  XSync (dpy, False);
  double t0 = now (), first = -1; int n = 0;
  double last = settle (t0, quiet, 5000, timeout * 1000, &tr, &first, &n);
  printf ("step=\"%s\" first_damage_ms=%.1f settled_ms=%.1f damages=%d max_ping_ms=%.1f pings=%d idle_ping_ms=%.2f\n",
          argv[i], first, last, n, ping_max, ping_n, idle_ping);
  XCloseDisplay (dpy);
  return last < 0 ? 1 : 0;
}

int main (int argc, char **argv)
{
  if (argc < 2) return usage ();
  if (!strcmp (argv[1], "launch")) return do_launch (argc - 2, argv + 2);
  if (!strcmp (argv[1], "act")) return do_act (argc - 2, argv + 2);
  return usage ();
}
