#!/usr/bin/env python3
"""tests/net/ike_dup_responder.py PORT: a scripted IKEv2 responder on 127.0.0.1:PORT (UDP, with
the RFC 3948 non-ESP marker) for one probe run. It answers the first IKE_SA_INIT with
INVALID_KE_PAYLOAD (group 14) twice, as a responder does when it answers a retransmission too,
then answers the request that comes with a group 14 key with SA and KE. A probe that takes the
late duplicate for the answer to its retry reports a group problem that does not exist."""
import socket
import struct
import sys

MARKER = b"\0\0\0\0"


def header(spi_i, next_payload, body):
    return (spi_i + b"\x11" * 8 + bytes([next_payload, 0x20, 34, 0x20]) + b"\0\0\0\0" +
            struct.pack(">I", 28 + len(body)) + body)


def invalid_ke(spi_i):
    notify = struct.pack(">BBHBBHH", 0, 0, 10, 0, 0, 17, 14)
    return MARKER + header(spi_i, 41, notify)


def accept(spi_i):
    sa = bytes([0, 0, 0, 36, 1, 1, 0, 3,
                3, 0, 0, 12, 1, 0, 0, 20, 0x80, 0x0E, 0x01, 0x00,
                3, 0, 0, 8, 2, 0, 0, 5,
                0, 0, 0, 8, 4, 0, 0, 14])
    sa_payload = struct.pack(">BBH", 34, 0, 4 + len(sa)) + sa
    ke = struct.pack(">HH", 14, 0) + b"\x42" * 256
    ke_payload = struct.pack(">BBH", 0, 0, 4 + len(ke)) + ke
    return MARKER + header(spi_i, 33, sa_payload + ke_payload)


def main():
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.bind(("127.0.0.1", int(sys.argv[1])))
    s.settimeout(10)
    print("ready", flush=True)
    data, peer = s.recvfrom(8192)
    spi_i = data[4:12]
    s.sendto(invalid_ke(spi_i), peer)
    s.sendto(invalid_ke(spi_i), peer)
    while True:
        data, peer = s.recvfrom(8192)
        # KE payload group of the request: find it after the header (KE is the second payload).
        off, nxt = 4 + 28, data[4 + 16]
        group = None
        while nxt != 0 and off + 4 <= len(data):
            plen = struct.unpack(">H", data[off + 2:off + 4])[0]
            if nxt == 34:
                group = struct.unpack(">H", data[off + 4:off + 6])[0]
            nxt, off = data[off], off + max(plen, 4)
        if group == 14:
            s.sendto(accept(spi_i), peer)
            return


if __name__ == "__main__":
    main()
