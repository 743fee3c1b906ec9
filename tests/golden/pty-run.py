#!/usr/bin/env python3
"""Runs okr on a pseudo-terminal, for the golden cases that answer its questions.

  pty-run.py INPUT STDOUT STDERR OKR ARGS...

Standard input and output are the terminal, so okr asks as it does for a person; standard
error goes to the file STDERR. The terminal does not echo, so STDOUT holds what okr wrote
(prompts and all) and nothing typed; the lines of INPUT are typed at once, the terminal holding
them until okr reads each, then end of input (Ctrl-D), which ends any question left. Exits with
okr's exit status.
"""
import os
import subprocess
import sys
import termios


def main():
    input_path, stdout_path, stderr_path, *command = sys.argv[1:]
    master, slave = os.openpty()
    attrs = termios.tcgetattr(slave)
    attrs[3] &= ~(termios.ECHO | termios.ECHONL)  # lflag: typed text is not shown
    attrs[1] &= ~termios.ONLCR  # oflag: "\n" stays "\n"
    termios.tcsetattr(slave, termios.TCSANOW, attrs)
    with open(stderr_path, "wb") as err:
        child = subprocess.Popen(command, stdin=slave, stdout=slave, stderr=err,
                                 start_new_session=True)
    os.close(slave)
    with open(input_path, "rb") as f:
        typed = f.read()
    os.write(master, typed + b"\x04")
    output = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # EIO: okr exited and the terminal closed
            break
        if not chunk:
            break
        output += chunk
    status = child.wait()
    os.close(master)
    with open(stdout_path, "wb") as out:
        out.write(output)
    return status if status >= 0 else 128 - status


if __name__ == "__main__":
    sys.exit(main())
