import sys

from rtcc_desktop.doctor import run_doctor

sys.exit(run_doctor())
