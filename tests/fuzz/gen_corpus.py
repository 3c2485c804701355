#!/usr/bin/env python3
"""tests/fuzz/gen_corpus.py [ROOT]: writes the seed corpora under tests/fuzz/corpus/<target>/
from what the tests already use: the shipped flows and the lint cases, the golden answer
files, the canned IKE and RADIUS packets of tests/probes (rebuilt here payload by payload, as
the C tests assemble them), the HTTP heads quoted in tests/probes/*.c, and certificates and a
CRL made with openssl like tests/net/mkcerts.sh. Seeds are named seed-*; findings that
bench/fuzz.sh or ctest turn up are added beside them as finding-* and replay under ctest.
Rerun after changing a flow or a canned packet; it rewrites only seed-* files."""
import glob
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                       os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.path.join(ROOT, "tests", "fuzz", "corpus")


def put(target, name, data):
    d = os.path.join(OUT, target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, "seed-" + name), "wb") as f:
        f.write(data)


def clear_seeds():
    for path in glob.glob(os.path.join(OUT, "*", "seed-*")):
        os.remove(path)


def flows_and_answers():
    for path in sorted(glob.glob(os.path.join(ROOT, "flows", "*.json"))):
        put("flow_walk", os.path.basename(path), open(path, "rb").read())
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "lint", "*.json"))):
        put("flow_walk", "lint-" + os.path.basename(path), open(path, "rb").read())
    cases = glob.glob(os.path.join(ROOT, "tests", "flows", "*.answers"))
    cases += glob.glob(os.path.join(ROOT, "tests", "flows", "*.bad"))
    for path in sorted(cases):
        name = os.path.basename(path)
        flow = name.split("--")[0]
        put("answers", name, flow.encode() + b"\n" + open(path, "rb").read())


def words():
    for i, s in enumerate(["809", "0x80092013", "-2146885613", "0X329", " 13801 ",
                           "error 0x329\n809", "ESTS_TOKEN_ERROR\nests_token_error",
                           "tunnels\ntunnel", "20227", "event 20227 RasClient", "device tunnel",
                           "4294967296", "0x", "-", "vpn\xe2\x80\x99s\nvpn"]):
        put("errcode", "%02d" % i, s)


def templates():
    for i, s in enumerate(["vpn.contoso.com", "it's", "\u2018smart\u2019 \u201aquotes\u201b",
                           "'; Remove-Item C:\\ -Recurse; '", "$(id) `id` ${x}", "%PATH% !x! ^&",
                           "a\"b", "C:\\Program Files\\x", "back\\slash'", "{{host}} {{x|bash}}",
                           "{{upn|powershell}} {{upn|cmd}} {{upn|registry}} {{", "\x1b[2J",
                           "\u202eevil", "user@contoso.com"]):
        put("template", "%02d" % i, s)


SPI = bytes(range(1, 9))


def ike_packet(payloads, natt=False):
    """Header + payload chain, as pkt_start/pkt_add/pkt_end in tests/probes/test_ike_wire.c."""
    body = b""
    for i, (ptype, data) in enumerate(payloads):
        nxt = payloads[i + 1][0] if i + 1 < len(payloads) else 0
        body += struct.pack(">BBH", nxt, 0, 4 + len(data)) + data
    first = payloads[0][0] if payloads else 0
    hdr = SPI + b"\xab" * 8 + bytes([first, 0x20, 34, 0x20]) + b"\0\0\0\0"
    msg = hdr + struct.pack(">I", 28 + len(body)) + body
    return (b"\1" + b"\0\0\0\0" if natt else b"\0") + msg


def notify(ntype, data=b""):
    return (41, struct.pack(">BBH", 0, 0, ntype) + data)


def ike():
    sa = bytes([0, 0, 0, 36, 1, 1, 0, 3,
                3, 0, 0, 12, 1, 0, 0, 20, 0x80, 0x0E, 0x01, 0x00,
                3, 0, 0, 8, 2, 0, 0, 5,
                0, 0, 0, 8, 4, 0, 0, 19])
    ke = bytes([0, 19, 0, 0]) + bytes(64)
    nonce = bytes([9]) + bytes(31)
    ms = bytes([0x1e, 0x2b, 0x51, 0x69, 0x05, 0x99, 0x1c, 0x7d, 0x7c, 0x96,
                0xfc, 0xbf, 0xb5, 0x87, 0xe4, 0x61, 0, 0, 0, 9])
    h = bytes([7]) + bytes(19)
    full = [(33, sa), (34, ke), (40, nonce), notify(16388, h), notify(16389, h)]
    put("ike", "full", ike_packet(full))
    put("ike", "full-frag-ms", ike_packet(full + [notify(16430), (43, ms)]))
    put("ike", "full-natt", ike_packet(full, natt=True))
    put("ike", "no-proposal", ike_packet([notify(14)]))
    put("ike", "invalid-ke", ike_packet([notify(17, struct.pack(">H", 14))]))
    put("ike", "cookie", ike_packet([notify(16390, b"\xc0" * 16)]))
    put("ike", "syntax", ike_packet([notify(7)]))
    put("ike", "truncated", ike_packet(full)[:40])


def radius():
    accept = bytes([0x02, 0x00, 0x00, 0x26, 0x86, 0xfe, 0x22, 0x0e, 0x76, 0x24, 0xba, 0x2a, 0x10,
                    0x05, 0xf6, 0xbf, 0x9b, 0x55, 0xe0, 0xb2, 0x06, 0x06, 0x00, 0x00, 0x00, 0x01,
                    0x0f, 0x06, 0x00, 0x00, 0x00, 0x00, 0x0e, 0x06, 0xc0, 0xa8, 0x01, 0x03])
    put("radius", "rfc2865-accept", accept)
    msg = b"Denied\x1b[2J\x07"
    reject = bytes([3, 7]) + struct.pack(">H", 20 + 2 + len(msg)) + bytes(16) + \
        bytes([18, 2 + len(msg)]) + msg
    put("radius", "reject-message", reject)
    ma = bytes([80, 18]) + bytes(16)
    challenge = bytes([11, 9]) + struct.pack(">H", 20 + len(ma)) + bytes(16) + ma
    put("radius", "challenge-ma", challenge)


def http_heads():
    pat = re.compile(r'"(HTTP/(?:[^"\\]|\\.)*)"')
    n = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "probes", "*.c"))):
        for lit in pat.findall(open(path).read()):
            data = lit.encode().decode("unicode_escape").encode("latin-1")
            put("http_head", "%02d-%s" % (n, os.path.basename(path)[:-2]), data)
            n += 1
    put("http_head", "sstp-listener",
        "HTTP/1.1 200\r\nContent-Length: 18446744073709551615\r\nServer: Microsoft-HTTPAPI/2.0"
        "\r\nDate: Thu, 1 Jan 2026 00:00:00 GMT\r\n\r\n")
    put("http_head", "crl-url", "http://127.0.0.1:8080/pki/ca.crl")
    put("http_head", "crl-url-v6", "http://[::1]/ca.crl")


def certs():
    if shutil.which("openssl") is None:
        print("openssl missing: no tls_cert seeds", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as d:
        def ossl(*args):
            subprocess.run(["openssl", *args], cwd=d, check=True, capture_output=True)
        ext = os.path.join(d, "ext.cnf")
        with open(ext, "w") as f:
            f.write("[v3]\nsubjectAltName=DNS:vpn.contoso.com,DNS:*.contoso.com,IP:127.0.0.1,"
                    "IP:::1\ncrlDistributionPoints=URI:http://127.0.0.1/ca.crl,"
                    "URI:ldap://x/y\nextendedKeyUsage=serverAuth\n"
                    "[ca]\nbasicConstraints=critical,CA:true\nkeyUsage=keyCertSign,cRLSign\n")
        ossl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "ca.key", "-out", "ca.pem", "-days", "30", "-subj",
             "/CN=aovpn-doctor test CA/O=Contoso", "-extensions", "ca", "-config", ext)
        ossl("req", "-new", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
             "-keyout", "leaf.key", "-out", "leaf.csr", "-subj", "/CN=vpn.contoso.com")
        ossl("x509", "-req", "-in", "leaf.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
             "-CAcreateserial", "-days", "30", "-extfile", ext, "-extensions", "v3",
             "-out", "leaf.pem")
        ossl("x509", "-in", "leaf.pem", "-outform", "DER", "-out", "leaf.der")
        ossl("x509", "-in", "ca.pem", "-outform", "DER", "-out", "ca.der")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca=c\n[c]\ndatabase=index.txt\ndefault_md=sha256\n"
                    "default_crl_days=7\ncrlnumber=crlnumber\n")
        open(os.path.join(d, "index.txt"), "w").close()
        with open(os.path.join(d, "crlnumber"), "w") as f:
            f.write("01\n")
        ossl("ca", "-gencrl", "-config", "ca.cnf", "-keyfile", "ca.key", "-cert", "ca.pem",
             "-out", "ca.crl")
        ossl("crl", "-in", "ca.crl", "-outform", "DER", "-out", "crl.der")
        for name in ["leaf.der", "ca.der", "crl.der", "leaf.pem"]:
            put("tls_cert", name, open(os.path.join(d, name), "rb").read())


def pastes():
    for i, s in enumerate([
            "The user CONTOSO\\alice dialed a connection named AOVPN which has failed. "
            "The error code returned on failure is 809.",
            "NPS Extension for Azure MFA:  CID: 6d5e2f3a-91b2-4c47-8d1e-0f3b2a7c9e11 : Exception "
            "in Authentication Ext for User alice@contoso.com :: ErrorCode:: ESTS_TOKEN_ERROR "
            "Msg:: Verify the client certificate",
            "ESTS_TOKEN_ERROR.", "(809)", "'0x80092013'", "-2146885613", "code 809.",
            "Event ID 20227", "Id=20227,20221", "20227", "13801 13806, 0x800B0101",
            "2026-12-02 14:22:43 10.0.0.1 port 443 version 10.0.17134",
            "{6d5e2f3a-91b2-4c47-8d1e-0f3b2a7c9e11}", "80092013", "error\u202e 809"]):
        put("paste", "%02d" % i, s)


def dictionary():
    for path in sorted(glob.glob(os.path.join(ROOT, "flows", "codes", "*.json"))):
        data = open(path, "rb").read()
        put("codes", os.path.basename(path), data)
        # A small one too, so that mutations reach the entry checks quickly.
        start = data.find(b"{", data.find(b"["))
        end = data.find(b"}", start)
        if start > 0 and end > start:
            put("codes", "one-entry.json", b'{"codes": [' + data[start:end + 1] + b"]}")
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "lint", "6*.json"))):
        put("codes", "lint-" + os.path.basename(path), open(path, "rb").read())


def headers():
    for path in sorted(glob.glob(os.path.join(ROOT, "flows", "*.json"))):
        put("index", os.path.basename(path), open(path, "rb").read()[:2048])
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "lint", "*.json"))):
        put("index", "lint-" + os.path.basename(path), open(path, "rb").read()[:2048])


# AOD_CORPUS_ONLY="paste codes" rewrites the seeds of those targets only (certificates are made
# anew on every run, so a full run changes every tls_cert seed).
STEPS = {"flow_walk": [flows_and_answers], "answers": [flows_and_answers], "errcode": [words],
         "template": [templates], "ike": [ike], "radius": [radius], "http_head": [http_heads],
         "tls_cert": [certs], "paste": [pastes], "codes": [dictionary], "index": [headers]}
only = os.environ.get("AOD_CORPUS_ONLY", "").split()
if only:
    for t in only:
        for path in glob.glob(os.path.join(OUT, t, "seed-*")):
            os.remove(path)
    for step in {f for t in only for f in STEPS[t]}:
        step()
else:
    clear_seeds()
    for step in [flows_and_answers, words, templates, ike, radius, http_heads, certs, pastes,
                 dictionary, headers]:
        step()
