# PyInstaller runtime hook (bundles built with RTCC_BUNDLE_VLC_DIR, i.e. Windows/macOS):
# python-vlc reads these when `import vlc` runs, so they must be set before any app code.
import os
import sys

_base = os.path.join(getattr(sys, "_MEIPASS", os.path.dirname(sys.executable)), "vlc")
if os.path.isdir(_base):
    _lib = next((os.path.join(_base, n) for n in sorted(os.listdir(_base))
                 if n.startswith("libvlc.") or n == "libvlc.dll"), None)
    if _lib:
        os.environ.setdefault("PYTHON_VLC_LIB_PATH", _lib)
    os.environ.setdefault("PYTHON_VLC_MODULE_PATH", os.path.join(_base, "plugins"))
