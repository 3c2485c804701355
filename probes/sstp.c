/* probes/sstp.c: the sstp probe: sends the SSTP handshake request (SSTP_DUPLEX_POST) over TLS
 * and tells an SSTP listener (200, Server: Microsoft-HTTPAPI/2.0) from whatever else owns 443. */
#include "tls_int.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define SSTP_HEAD_MAX 8192

static enum aod_status sstp_check(const struct aod_param *p, size_t n, struct aod_err *err)
{
    const char *host = param_find(p, n, "host");
    const char *port = param_find(p, n, "port");

    if (host == NULL || host[0] == '\0' || strlen(host) > 253)
        return aod_err_set(err, AOD_E_USAGE, "sstp: needs a host");
    if (port != NULL && !net_port_ok(port))
        return aod_err_set(err, AOD_E_USAGE, "sstp: port must be 1 to 65535");
    return AOD_OK;
}

/* Parses an HTTP response head: "HTTP/1.1 200 OK\r\nServer: x\r\n...". Sets *status (0 when
 * the status line is not HTTP) and the cleaned Server header ("" when absent). Pure. */
AOD_STATIC void sstp_parse_head(const char *buf, size_t len, int *status, char *server, size_t cap)
{
    size_t i = 0;

    *status = 0;
    server[0] = '\0';
    if (len >= 12 && strncmp(buf, "HTTP/1.", 7) == 0 && buf[8] == ' ' && buf[9] >= '1' &&
        buf[9] <= '5' && buf[10] >= '0' && buf[10] <= '9' && buf[11] >= '0' && buf[11] <= '9')
        *status = (buf[9] - '0') * 100 + (buf[10] - '0') * 10 + (buf[11] - '0');
    while (i < len) {
        const char *line = buf + i;
        const char *eol = memchr(line, '\n', len - i);
        size_t n = eol != NULL ? (size_t)(eol - line) : len - i;

        if (n >= 7 && strncasecmp(line, "Server:", 7) == 0 && server[0] == '\0') {
            size_t s = 7;
            while (s < n && (line[s] == ' ' || line[s] == '\t'))
                s++;
            while (n > s && (line[n - 1] == '\r' || line[n - 1] == ' '))
                n--;
            aod_text_sanitize_n(server, cap, line + s, n - s, false);
        }
        if (eol == NULL)
            break;
        i += n + 1;
    }
}

/* Verdict from the status and Server header; pure. */
AOD_STATIC void sstp_judge(int status, const char *server, struct probe_out *out)
{
    int ms = strstr(server, "Microsoft-HTTPAPI/2.0") != NULL;

    if (status > 0)
        out_num(out, "status", status);
    else
        out_null(out, "status");
    out_field(out, "server", FT_STR, "%s", server);
    out_bool(out, "sstp_listener", status == 200 && ms);
    if (status == 200 && ms)
        out_verdict(out, AOD_VERDICT_PASS,
                    "an SSTP listener answers (200, Server: Microsoft-HTTPAPI/2.0)");
    else if (status == 0)
        out_verdict(out, AOD_VERDICT_FAIL,
                    "TLS works but no HTTP answer to the SSTP request: not an SSTP listener");
    else
        out_verdict(out, AOD_VERDICT_FAIL,
                    "not an SSTP listener: HTTP %d from \"%s\"; something else owns this port "
                    "(an IIS binding, a TLS offload or a reverse proxy)",
                    status, server[0] ? server : "unnamed server");
}

static enum aod_status sstp_run(const struct probe_ctx *ctx, struct probe_out *out,
                                struct aod_err *err)
{
    const char *host = ctx_param(ctx, "host");
    const char *port = ctx_param(ctx, "port");
    const char *name = ctx_param(ctx, "servername");
    struct tls_conn c;
    char req[512];
    char head[SSTP_HEAD_MAX + 1];
    char server[128];
    unsigned char g[16];
    size_t len = 0;
    int status = 0;
    int n;
    enum aod_status rc;

    if (port == NULL)
        port = "443";
    if (name == NULL)
        name = host;
    /* The certificate is the tls probe's business; SSTP only needs the handshake to finish. */
    rc = tls_open(ctx, host, port, name, TLS_NO_VERIFY, NULL, &c, err);
    out_field(out, "state", FT_STR, "%s", c.state);
    out_source_str(out, c.source);
    if (rc == AOD_E_PROBE) {
        out_null(out, "status");
        out_verdict(out, AOD_VERDICT_FAIL, "%s", c.detail);
        rc = AOD_OK;
        goto out;
    }
    if (rc == AOD_OK)
        rc = net_random(g, sizeof g, err);
    if (rc != AOD_OK)
        goto out;
    n = snprintf(req, sizeof req,
                 "SSTP_DUPLEX_POST /sra_{BA195980-CD49-458b-9E23-C84EE0ADCD75}/ HTTP/1.1\r\n"
                 "Host: %s\r\n"
                 "SSTPCORRELATIONID: {%02X%02X%02X%02X-%02X%02X-%02X%02X-%02X%02X-"
                 "%02X%02X%02X%02X%02X%02X}\r\n"
                 "Content-Length: 18446744073709551615\r\n\r\n",
                 name, g[0], g[1], g[2], g[3], g[4], g[5], g[6], g[7], g[8], g[9], g[10], g[11],
                 g[12], g[13], g[14], g[15]);
    if (n < 0 || (size_t)n >= sizeof req) {
        rc = aod_err_set(err, AOD_E_INPUT, "sstp: host name too long");
        goto out;
    }
    rc = tls_write_all(ctx, &c, req, (size_t)n);
    /* Read the response head: up to the blank line, the cap, close, or the deadline. */
    while (rc == AOD_OK && len < SSTP_HEAD_MAX) {
        size_t got = 0;
        rc = tls_read_some(ctx, &c, head + len, SSTP_HEAD_MAX - len, &got);
        len += got;
        head[len] = '\0';
        if (strstr(head, "\r\n\r\n") != NULL)
            break;
    }
    if (rc == AOD_E_CANCELLED)
        goto out;
    sstp_parse_head(head, len, &status, server, sizeof server);
    sstp_judge(status, server, out);
    rc = AOD_OK;
out:
    tls_close(&c);
    return rc;
}

const struct aod_probe_ops probe_sstp_ops = {
    "sstp",
    "sstp HOST[:PORT] [--servername NAME]",
    sstp_check,
    sstp_run,
};
