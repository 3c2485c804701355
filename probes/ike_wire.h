/* probes/ike_wire.h: IKEv2 IKE_SA_INIT on the wire (RFC 7296, 7383, 3948): building the
 * request, parsing a reply and judging it. Pure functions on bytes, tested on canned packets. */
#ifndef AOD_PROBES_IKE_WIRE_H
#define AOD_PROBES_IKE_WIRE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>

#include "probe_int.h"

#define IKE_HDR_LEN         28
#define IKE_MSG_MAX         4096 /* bigger replies are refused, not truncated */
#define IKE_MAX_NOTIFY      16
#define IKE_MAX_VID         8
#define IKE_VID_MAX         32
#define IKE_NOTIFY_DATA_MAX 64
#define IKE_MAX_PAYLOADS    32
#define IKE_KE_MAX          512

/* Notify message types used by the probe (RFC 7296 3.10.1, RFC 7383). */
#define IKE_N_INVALID_SYNTAX               7
#define IKE_N_NO_PROPOSAL_CHOSEN           14
#define IKE_N_INVALID_KE_PAYLOAD           17
#define IKE_N_NAT_DETECTION_SOURCE_IP      16388
#define IKE_N_NAT_DETECTION_DESTINATION_IP 16389
#define IKE_N_COOKIE                       16390
#define IKE_N_FRAGMENTATION_SUPPORTED      16430

/* What goes into one IKE_SA_INIT request; every pointer is borrowed. */
struct ike_init_req {
    uint8_t spi_i[8];
    uint16_t dh_group;
    const uint8_t *ke;
    size_t ke_len;
    const uint8_t *nonce; /* 16 to 256 octets */
    size_t nonce_len;
    const uint8_t *cookie; /* NULL, or the COOKIE notify data the responder sent */
    size_t cookie_len;
    uint8_t nat_src[20]; /* SHA-1 NAT detection hashes (RFC 7296 2.23) */
    uint8_t nat_dst[20];
    int natt_marker; /* prefix the four-byte non-ESP marker (RFC 3948), for ports other than 500 */
};

/* Writes the request into buf; returns its length, or 0 when it does not fit or a length is out
 * of range. Offers the Windows/RRAS default and common custom proposals, plus the
 * IKEV2_FRAGMENTATION_SUPPORTED notify. */
size_t ike_build_init(const struct ike_init_req *r, uint8_t *buf, size_t cap);

struct ike_notify {
    uint16_t type;
    uint16_t len; /* octets of data stored (the rest is dropped) */
    uint16_t full_len;
    uint8_t data[IKE_NOTIFY_DATA_MAX];
};

/* The transforms of the proposal the responder chose (0: none of that type). */
struct ike_chosen {
    uint16_t encr;
    uint16_t encr_keylen;
    uint16_t prf;
    uint16_t integ;
    uint16_t dh;
};

struct ike_reply {
    uint8_t spi_r[8];
    uint8_t exchange;
    uint8_t flags;
    int has_sa;
    struct ike_chosen chosen;
    int has_ke;
    uint16_t ke_group;
    int has_nonce;
    size_t n_notify;
    struct ike_notify notify[IKE_MAX_NOTIFY];
    size_t n_vid;
    uint8_t vid_len[IKE_MAX_VID];
    uint8_t vid[IKE_MAX_VID][IKE_VID_MAX];
};

/* Parses a datagram that claims to answer the request with SPI spi_i. With natt_marker it must
 * start with four zero octets. AOD_E_PARSE (err says where) for truncated, oversized or malformed
 * input, or a message that is not an IKE_SA_INIT response to our SPI. Never reads past len. */
enum aod_status ike_parse_reply(const uint8_t *buf, size_t len, int natt_marker,
                                const uint8_t spi_i[8], struct ike_reply *r, struct aod_err *err);

/* The first notify of `type`, or NULL. */
const struct ike_notify *ike_reply_notify(const struct ike_reply *r, uint16_t type);
/* Nonzero when `r` asks (INVALID_KE_PAYLOAD) for the very group our request's KE had: no
 * responder answers that request so, but a late duplicate of its answer to an earlier round
 * does (it answered a retransmission too); such a reply must be ignored. */
int ike_reply_is_stale(const struct ike_reply *r, uint16_t sent_group);
/* "NO_PROPOSAL_CHOSEN", ...; "UNKNOWN" for types not listed. Static strings. */
const char *ike_notify_name(uint16_t type);
/* "AES_GCM_16_256/PRF_HMAC_SHA2_256/ECP_256" into buf. */
void ike_describe_chosen(const struct ike_chosen *c, char *buf, size_t cap);
/* Nonzero when the vendor ID is one of Microsoft's (NT5 ISAKMPOAKLEY, MS-Negotiation Discovery
 * Capable, Vid-Initial-Contact, IKE CGA version 1, MS-MamieExists). */
int ike_vid_is_microsoft(const uint8_t *v, size_t n);
/* SHA-1(SPIi | SPIr | IP | port) for an IPv4 or IPv6 socket address (RFC 7296 2.23). */
enum aod_status ike_nat_hash(const uint8_t spi_i[8], const uint8_t spi_r[8],
                             const struct sockaddr *sa, uint8_t out[20]);

/* Everything the judge needs about one run. */
struct ike_judge_in {
    const struct ike_reply *reply; /* NULL when no valid reply came */
    int icmp_unreachable;          /* the server itself answered ICMP port unreachable */
    const struct net_icmp *icmp;   /* the ICMP error that ended it, or NULL */
    int timed_out_on_cookie;       /* the responder kept asking for cookies */
    int retry_unanswered;          /* it answered, then not the retry (new group or cookie) */
    int nat_local;                 /* 1 our address was translated, 0 not, -1 unknown */
    int nat_remote;                /* the same for the responder's address */
    uint16_t first_group;          /* the group of our first KE */
    uint16_t invalid_ke_group;     /* the group INVALID_KE_PAYLOAD asked for (0: none) */
    int cookie_followed;
    const char *port;
    int timeout_ms;
};

/* Sets verdict, summary and the flat fields and the JSON lists (notifies, vendor_ids) of the
 * ike kind from a run; a pure function. */
void ike_judge(const struct ike_judge_in *in, struct probe_out *out);

/* ike_dh.c: the public value of a fresh key pair of `group` into buf (cap >= the group's size).
 * AOD_E_INPUT for a group this probe does not make, AOD_E_IO when OpenSSL fails. */
enum aod_status ike_dh_public(uint16_t group, uint8_t *buf, size_t cap, size_t *len,
                              struct aod_err *err);
int ike_dh_supported(uint16_t group);

#endif
