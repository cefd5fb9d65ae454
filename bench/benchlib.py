"""What the Python benchmark scripts share: where a result file goes and how its lines are kept.

A benchmark prints each line of its table as it is measured and, at the end, writes the same
lines, with the commit and the command that produced them, to bench/results/<name>-<host>-<date>.txt
(or to --out).
"""
import datetime
import os
import socket
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def host():
    """The machine's short name, as the result files name it."""
    return socket.gethostname().split(".")[0]


def start(ap, name, default_sizes):
    """Adds --out and the sizes to a benchmark's arguments, parses them and opens its Report.

    Returns (arguments, sizes, report): the sizes given, else default_sizes."""
    ap.add_argument("--out", help="result file (default bench/results/NAME-HOST-DATE.txt)")
    ap.add_argument("sizes", nargs="*", type=int)
    a = ap.parse_args()
    return a, a.sizes or default_sizes, Report(name, a.out)


class Report:
    """The lines of one benchmark's result file."""

    def __init__(self, name, out=None):
        self.out = out or os.path.join(ROOT, "bench", "results", f"{name}-{host()}-{datetime.date.today()}.txt")
        self.lines = []

    def emit(self, s):
        """Prints one line at once (progress) and keeps it for the file."""
        print(s, flush=True)
        self.lines.append(s)

    def table_head(self, head):
        self.emit("")
        self.emit(head)
        self.emit("-" * len(head))

    def machine(self, extra=""):
        """The line naming the machine: host, processor, cores, `extra` (library versions), the
        time and the load at the start."""
        import platform
        extra = f"; {extra}" if extra else ""
        self.emit(f"machine: {host()} ({platform.processor() or platform.machine()}), {os.cpu_count()} cores{extra}; "
                  f"{datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC; load at start {os.getloadavg()[0]:.2f}")

    def sizes(self, head, sizes):
        """Prints the table's head, then yields (scratch folder, size) for each size; the folder
        (one for the whole table) is removed at the end."""
        import tempfile
        self.table_head(head)
        with tempfile.TemporaryDirectory() as tmp:
            for n in sizes:
                yield tmp, n

    def write(self, script):
        """Ends with the commit and the command, then writes the file."""
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                                text=True).stdout.strip()
        self.emit("")
        self.emit(f"commit: {commit}")
        self.emit(f"command: /usr/bin/python3 bench/{script} " + " ".join(sys.argv[1:]))
        with open(self.out, "w") as f:
            f.write("\n".join(self.lines) + "\n")
        print(f"wrote {self.out}", file=sys.stderr)
