#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The install test (issue 6 §5), as a new user would try it.

`meson install --destdir` the build into a temporary stage, run the tools that
gnome.post_install skips under DESTDIR (update-mime-database, update-desktop-database,
glib-compile-schemas, gtk-update-icon-cache), check that the menu entry, the icons and the MIME
package are in place, then in a private D-Bus session with the staged share/ first in
XDG_DATA_DIRS ask GIO what a *.handshake file is, which application opens it, and `gio open` it.
The window that appears is found in the accessibility tree (AT-SPI, pyatspi): its process must
run the STAGED binary with the file on its command line, and its header must show the session's
host (read from the sample file itself) -- i.e. the file was loaded, not just the app started.

The real user's files are never touched: HOME and the XDG_*_HOME dirs are temporary, and the
session bus is a private one (dbus-run-session), so neither a running HandshakeViz nor another
test can receive the `open`.  Without a DISPLAY the test starts its own Xvfb (xvfb-run -a).
Output is TAP.  Every process the test starts is killed on every path.

Usage: test-install.py BUILD-DIR SAMPLE.handshake [MESON]
Needs: python3 with pyatspi (python3-pyatspi), meson, gio, update-mime-database,
update-desktop-database, glib-compile-schemas, dbus-run-session, xvfb-run (only without DISPLAY).
"""

import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import tempfile
import time

APP_ID = 'org.example.HandshakeViz'
MIME_TYPE = 'application/x-handshakeviz+json'
POLL_SECONDS = 30


class Tap:
    def __init__(self):
        self.n = 0
        self.failed = False

    def check(self, name, ok, diag=''):
        self.n += 1
        print('%s %d - /handshakeviz/data/install/%s' % ('ok' if ok else 'not ok', self.n, name),
              flush=True)
        if not ok:
            self.failed = True
            for line in str(diag).rstrip().splitlines():
                print('# ' + line, flush=True)
        return ok

    def done(self):
        print('1..%d' % self.n, flush=True)
        return 1 if self.failed else 0


def run(cmd, env=None, timeout=60):
    """Runs cmd, returns (rc, combined output).  The output goes through a file, not a pipe: an
    application that `gio open` starts inherits it and would keep a pipe open forever."""
    with tempfile.TemporaryFile(mode='w+') as log:
        try:
            rc = subprocess.run(cmd, env=env, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, timeout=timeout).returncode
        except (OSError, subprocess.TimeoutExpired) as e:
            rc = -1
            log.write('\n%s: %s\n' % (' '.join(cmd), e))
        log.seek(0)
        return rc, log.read()


def proc_exe(pid):
    try:
        return os.readlink('/proc/%d/exe' % pid)
    except OSError:
        return None


def proc_alive(pid):
    """True while pid exists and is not a zombie."""
    try:
        with open('/proc/%d/stat' % pid) as f:
            return f.read().rsplit(')', 1)[1].split()[0] != 'Z'
    except (OSError, IndexError):
        return False


def pids_running(exe):
    """The processes whose executable is exactly exe (the staged binary: a path in our temp dir)."""
    pids = []
    for entry in os.listdir('/proc'):
        if entry.isdigit() and proc_exe(int(entry)) == exe and proc_alive(int(entry)):
            pids.append(int(entry))
    return pids


def kill_pids(pids):
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pid in pids:
            try:
                os.kill(pid, sig)
            except OSError:
                pass
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and any(proc_alive(p) for p in pids):
            time.sleep(0.1)
        if not any(proc_alive(p) for p in pids):
            return


# ---------------------------------------------------------------------------------------------
# --probe: one look at the accessibility tree (a fresh process each time, so nothing is cached)

def probe(exe):
    """Prints JSON {"pid": .., "names": [...]} for the first AT-SPI application whose process
    runs exe, or {} when there is none yet."""
    import pyatspi  # noqa: E402  (only the probe needs it)

    desktop = pyatspi.Registry.getDesktop(0)
    for i in range(desktop.childCount):
        try:
            app = desktop.getChildAtIndex(i)
            if app is None:
                continue
            pid = app.get_process_id()
        except Exception:  # an application that went away meanwhile
            continue
        if proc_exe(pid) != exe:
            continue
        names = []

        def walk(node, depth):
            if node is None or depth > 60 or len(names) > 5000:
                return
            try:
                names.append([node.getRoleName(), node.name or ''])
                for j in range(node.childCount):
                    walk(node.getChildAtIndex(j), depth + 1)
            except Exception:
                pass
        walk(app, 0)
        print(json.dumps({'pid': pid, 'app': app.name, 'names': names}))
        return 0
    print('{}')
    return 0


# ---------------------------------------------------------------------------------------------
# --inner: runs inside the private session bus (and the display)

def inner(stage_bin, sample, host, tap):
    exe = os.path.join(stage_bin, 'handshakeviz')
    env = dict(os.environ)

    rc, out = run(['gio', 'info', '-a', 'standard::content-type', sample], env=env)
    ct = ''
    for line in out.splitlines():
        if line.strip().startswith('standard::content-type:'):
            ct = line.split(':', 3)[-1].strip()
    tap.check('gio-info-content-type', rc == 0 and ct == MIME_TYPE,
              'expected %s, gio info says %r\n%s' % (MIME_TYPE, ct, out))

    rc, out = run(['gio', 'mime', MIME_TYPE], env=env)
    default = ''
    for line in out.splitlines():
        if line.startswith('Default application for'):
            default = line.rsplit(':', 1)[-1].strip()
    tap.check('gio-mime-default', rc == 0 and default == APP_ID + '.desktop',
              'expected %s.desktop as the default, gio mime says:\n%s' % (APP_ID, out))

    if pids_running(exe):
        tap.check('no-stale-app', False, 'an installed handshakeviz runs already')
        return

    found = None
    try:
        rc, out = run(['gio', 'open', sample], env=env)
        tap.check('gio-open', rc == 0, out)
        deadline = time.monotonic() + POLL_SECONDS
        last = ''
        while time.monotonic() < deadline:
            prc, pout = run([sys.executable, os.path.abspath(__file__), '--probe', exe],
                            env=env, timeout=20)
            last = pout
            try:
                info = json.loads(pout.strip().splitlines()[-1]) if prc == 0 else {}
            except (ValueError, IndexError):
                info = {}
            if info and any(name == host for role, name in info['names'] if role == 'label'):
                found = info
                break
            if info:
                labels = [n for r, n in info['names'] if r == 'label']
                last = 'labels of pid %d: %r' % (info['pid'], labels[:40])
            time.sleep(0.5)

        tap.check('window-shows-session-host', found is not None,
                  'no AT-SPI application running %s showed a label %r within %d s; last probe:\n%s'
                  % (exe, host, POLL_SECONDS, last[-2000:]))
        if found is not None:
            pid = found['pid']
            try:
                with open('/proc/%d/cmdline' % pid, 'rb') as f:
                    argv = [a.decode('utf-8', 'replace') for a in f.read().split(b'\0') if a]
            except OSError as e:
                argv = ['?', str(e)]
            tap.check('installed-binary-runs', proc_exe(pid) == exe,
                      'pid %d runs %s, not %s' % (pid, proc_exe(pid), exe))
            # Exec=handshakeviz %U: GIO passes the file as a file:// URI (or its path).
            uri = pathlib.Path(sample).as_uri()
            tap.check('opened-with-the-file', any(a in (sample, uri) for a in argv[1:]),
                      'argv %r does not name %s' % (argv, sample))
            frames = [name for role, name in found['names'] if role == 'frame']
            tap.check('window-title', 'HandshakeViz' in frames, 'frames: %r' % frames)
    finally:
        left = pids_running(exe)
        kill_pids(left)
        tap.check('app-stopped', not pids_running(exe), 'still running: %r' % pids_running(exe))


# ---------------------------------------------------------------------------------------------
# outer: stage, post-install tools, file checks, then the inner part in a private bus

def introspect(meson, builddir):
    rc, out = run([meson, 'introspect', '--buildoptions', builddir])
    if rc != 0:
        raise RuntimeError('meson introspect failed:\n' + out)
    opts = {o['name']: o['value'] for o in json.loads(out)}
    return opts


def main(argv):
    if len(argv) >= 3 and argv[1] == '--probe':
        return probe(argv[2])
    tap = Tap()
    if len(argv) >= 2 and argv[1] == '--inner':
        stage_bin, sample, host = argv[2:5]
        inner(stage_bin, sample, host, tap)
        return tap.done()

    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    builddir = os.path.abspath(argv[1])
    sample_src = os.path.abspath(argv[2])
    meson = argv[3] if len(argv) > 3 else shutil.which('meson') or 'meson'

    with open(sample_src, encoding='utf-8') as f:
        host = json.load(f)['connections'][0]['target']['host']

    tmp = tempfile.mkdtemp(prefix='hsviz-install-')
    try:
        opts = introspect(meson, builddir)
        prefix = opts['prefix']
        destdir = os.path.join(tmp, 'destdir')
        stage = destdir + prefix          # prefix is absolute
        share = os.path.join(stage, opts['datadir'])
        bindir = os.path.join(stage, opts['bindir'])

        rc, out = run([meson, 'install', '--no-rebuild', '--quiet', '-C', builddir,
                       '--destdir', destdir], timeout=120)
        if not tap.check('meson-install', rc == 0, out):
            return tap.done()

        # What gnome.post_install does for a real install (it skips itself under DESTDIR).
        post = [
            ('update-mime-database', ['update-mime-database', os.path.join(share, 'mime')]),
            ('update-desktop-database', ['update-desktop-database', '-q',
                                         os.path.join(share, 'applications')]),
            ('glib-compile-schemas', ['glib-compile-schemas', '--strict',
                                      os.path.join(share, 'glib-2.0', 'schemas')]),
        ]
        if shutil.which('gtk-update-icon-cache'):
            post.append(('gtk-update-icon-cache', ['gtk-update-icon-cache', '-q', '-t', '-f',
                                                   os.path.join(share, 'icons', 'hicolor')]))
        for name, cmd in post:
            rc, out = run(cmd)
            tap.check(name, rc == 0, out)

        exe = os.path.join(bindir, 'handshakeviz')
        tap.check('binary-installed', os.access(exe, os.X_OK), exe)
        desktop = os.path.join(share, 'applications', APP_ID + '.desktop')
        keys = {}
        if tap.check('menu-entry-installed', os.path.isfile(desktop), desktop):
            with open(desktop, encoding='utf-8') as f:
                group = None
                for line in f:
                    line = line.strip()
                    if line.startswith('['):
                        group = line
                    elif group == '[Desktop Entry]' and '=' in line and not line.startswith('#'):
                        k, v = line.split('=', 1)
                        keys[k.strip()] = v.strip()
            tap.check('menu-entry-icon', keys.get('Icon') == APP_ID, 'Icon=%r' % keys.get('Icon'))
            tap.check('menu-entry-mime', MIME_TYPE in keys.get('MimeType', '').split(';'),
                      'MimeType=%r' % keys.get('MimeType'))
            # Exec= runs the installed binary once its bin dir is in PATH.
            prog = keys.get('Exec', '').split()[0] if keys.get('Exec') else ''
            search = bindir + ':' + os.environ.get('PATH', '')
            resolved = shutil.which(prog, path=search) if prog else None
            tap.check('menu-entry-exec', resolved == exe,
                      'Exec=%r resolves to %r, not %s' % (keys.get('Exec'), resolved, exe))
        for rel in (os.path.join('icons', 'hicolor', 'scalable', 'apps', APP_ID + '.svg'),
                    os.path.join('icons', 'hicolor', 'symbolic', 'apps', APP_ID + '-symbolic.svg'),
                    os.path.join('mime', 'packages', APP_ID + '.xml'),
                    os.path.join('metainfo', APP_ID + '.metainfo.xml'),
                    os.path.join('glib-2.0', 'schemas', 'gschemas.compiled')):
            path = os.path.join(share, rel)
            tap.check('installed/' + rel.replace(os.sep, '/'), os.path.isfile(path), path)
        globs = os.path.join(share, 'mime', 'globs2')
        tap.check('mime-glob-registered', os.path.isfile(globs) and
                  ('%s:*.handshake' % MIME_TYPE) in open(globs, encoding='utf-8').read(), globs)
        cache = os.path.join(share, 'applications', 'mimeinfo.cache')
        tap.check('desktop-database-registered', os.path.isfile(cache) and
                  ('%s=%s.desktop;' % (MIME_TYPE, APP_ID)) in open(cache, encoding='utf-8').read(),
                  cache)

        # The installed copy of the sample, put where a user would keep a session; the space
        # checks the URI quoting.
        installed_sample = os.path.join(share, 'handshakeviz', 'samples',
                                        os.path.basename(sample_src))
        tap.check('sample-installed', os.path.isfile(installed_sample), installed_sample)
        docs = os.path.join(tmp, 'Documents')
        os.makedirs(docs)
        sample = os.path.join(docs, 'My capture.handshake')
        shutil.copyfile(installed_sample if os.path.isfile(installed_sample) else sample_src,
                        sample)

        home = os.path.join(tmp, 'home')
        env = dict(os.environ)
        for k in ('DBUS_SESSION_BUS_ADDRESS', 'AT_SPI_BUS_ADDRESS', 'GSETTINGS_SCHEMA_DIR',
                  'HSVIZ_DEMO', 'HSVIZ_SAMPLES_DIR', 'NO_AT_BRIDGE',
                  'GTK_A11Y', 'WAYLAND_DISPLAY', 'LD_PRELOAD'):
            env.pop(k, None)
        # Exported BEFORE the private bus starts: services it activates (the a11y bus, dconf)
        # inherit them, so nothing is written to the real user's home either.
        env.update({
            'HOME': home,
            'XDG_DATA_HOME': os.path.join(home, '.local', 'share'),
            'XDG_CONFIG_HOME': os.path.join(home, '.config'),
            'XDG_CACHE_HOME': os.path.join(home, '.cache'),
            'XDG_STATE_HOME': os.path.join(home, '.local', 'state'),
            'XDG_RUNTIME_DIR': os.path.join(tmp, 'run'),
            'XDG_DATA_DIRS': share + ':/usr/share',
            'XDG_CONFIG_DIRS': '/etc/xdg',
            'PATH': bindir + ':' + env.get('PATH', '/usr/bin:/bin'),
            'GDK_BACKEND': 'x11',
            'GSK_RENDERER': 'cairo',
            'LC_ALL': 'C.UTF-8',
        })
        for k in ('XDG_DATA_HOME', 'XDG_CONFIG_HOME', 'XDG_CACHE_HOME', 'XDG_STATE_HOME',
                  'XDG_RUNTIME_DIR'):
            os.makedirs(env[k], mode=0o700, exist_ok=True)

        cmd = ['dbus-run-session', '--', sys.executable, os.path.abspath(__file__),
               '--inner', bindir, sample, host]
        if not env.get('DISPLAY'):
            cmd = ['xvfb-run', '-a', '-s', '-screen 0 1280x800x24'] + cmd
        # Its own process group, so whatever is left of the session (the bus, the a11y bus
        # launcher, the registry) can be ended by its id afterwards.
        p = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, text=True, start_new_session=True)
        try:
            out, _ = p.communicate(timeout=90)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            out, _ = p.communicate()
            out += '\n(timed out)'
        finally:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except OSError:
                pass
        # The inner results are TAP lines of their own: renumber them into ours.
        inner_ok = False
        for line in out.splitlines():
            if line.startswith('ok ') or line.startswith('not ok '):
                ok = line.startswith('ok ')
                name = line.split(' - ', 1)[1].rsplit('/', 1)[-1] if ' - ' in line else line
                tap.check(name, ok)
                inner_ok = True
            elif line.startswith('1..'):
                pass
            else:
                print('# ' + line, flush=True)
        tap.check('session-finished', p.returncode is not None and inner_ok,
                  'the private session exited with %s' % p.returncode)
        # Belt and braces: no staged binary may survive the test.
        kill_pids(pids_running(os.path.join(bindir, 'handshakeviz')))
    except Exception as e:  # report, never hang or leave the stage behind
        tap.check('no-exception', False, repr(e))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return tap.done()


if __name__ == '__main__':
    sys.exit(main(sys.argv))
