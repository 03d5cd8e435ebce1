#!/usr/bin/python3
"""A stand-in for systemd's notify socket, for tests.

Usage: sdNotifyListener.py SOCKET_PATH

Binds a unix datagram socket at SOCKET_PATH, prints READY, then one JSON line per datagram
received: {"ms": epoch ms, "text": the message, "pid": the sender's pid}. Like systemd, it
closes file descriptors passed along (systemd-notify's BARRIER=1 waits for that).
"""

import array
import json
import os
import socket
import struct
import sys
import time

FD_SPACE = socket.CMSG_SPACE(16 * array.array("i").itemsize)
CRED_SPACE = socket.CMSG_SPACE(struct.calcsize("iII"))


def main() -> int:
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    sock.bind(sys.argv[1])
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
    print("READY", flush=True)
    while True:
        data, ancillary, _flags, _addr = sock.recvmsg(65536, FD_SPACE + CRED_SPACE)
        pid = None
        for level, kind, payload in ancillary:
            if level != socket.SOL_SOCKET:
                continue
            if kind == socket.SCM_RIGHTS:
                fds = array.array("i")
                fds.frombytes(payload[: len(payload) - len(payload) % fds.itemsize])
                for fd in fds:
                    try:
                        os.close(fd)
                    except OSError:
                        pass
            elif kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", payload[: struct.calcsize("iII")])[0]
        line = {"ms": time.time() * 1000, "text": data.decode("utf-8", "replace"), "pid": pid}
        print(json.dumps(line), flush=True)


if __name__ == "__main__":
    sys.exit(main())
