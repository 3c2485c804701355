/* probes/radius_wire.h: RADIUS Access-Request and reply on the wire (RFC 2865, RFC 3579
 * Message-Authenticator): building, parsing and judging. Pure functions, tested on canned bytes. */
#ifndef AOD_PROBES_RADIUS_WIRE_H
#define AOD_PROBES_RADIUS_WIRE_H

#include <stddef.h>
#include <stdint.h>

#include "probe_int.h"

#define RAD_HDR_LEN      20
#define RAD_MAX          4096 /* RFC 2865 3: no packet is longer */
#define RAD_SECRET_MAX   256
#define RAD_PASSWORD_MAX 128

#define RAD_ACCESS_REQUEST   1
#define RAD_ACCESS_ACCEPT    2
#define RAD_ACCESS_REJECT    3
#define RAD_ACCESS_CHALLENGE 11

/* One Access-Request; strings borrowed, the secret is never copied anywhere else. */
struct rad_req {
    uint8_t id;
    uint8_t auth[16]; /* random Request Authenticator */
    const char *user;
    const char *password; /* at most RAD_PASSWORD_MAX octets */
    const uint8_t *secret;
    size_t secret_len;
};

/* Writes an Access-Request with Message-Authenticator (first attribute, as the BlastRADIUS
 * fixes recommend), User-Name, User-Password (hidden per RFC 2865 5.2) and NAS-Identifier.
 * Returns the length, or 0 when an input is out of range or the buffer is too small. */
size_t rad_build_request(const struct rad_req *q, uint8_t *buf, size_t cap);

/* What a reply says. */
struct rad_reply {
    uint8_t code;
    int auth_ok;       /* the Response Authenticator verifies with our secret */
    int has_ma;        /* carries a Message-Authenticator */
    int ma_ok;         /* ... and it verifies */
    char message[128]; /* Reply-Message, cleaned of control characters; "" unless auth_ok */
};

/* Parses a datagram as the reply to request (id, req_auth). AOD_E_PARSE for truncated,
 * oversized, malformed input or another id. Checks both authenticators with `secret`. */
enum aod_status rad_parse_reply(const uint8_t *buf, size_t len, uint8_t id,
                                const uint8_t req_auth[16], const uint8_t *secret,
                                size_t secret_len, struct rad_reply *r, struct aod_err *err);

struct rad_judge_in {
    const struct rad_reply *reply; /* NULL: no valid reply */
    int icmp_unreachable;          /* the server itself answered ICMP port unreachable */
    const struct net_icmp *icmp;   /* the ICMP error that ended it, or NULL */
    const char *port;
    int timeout_ms;
};

/* Sets verdict, summary and the fields (reply, ...) from a run; a pure function. */
void rad_judge(const struct rad_judge_in *in, struct probe_out *out);

#endif
