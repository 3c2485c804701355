/* tests/fuzz/fuzz_radius.c: the RADIUS reply parser (probes/radius_wire.c) and the judge on
 * any datagram, answering a request with the identifier the datagram claims, the RFC 2865
 * example's Request Authenticator and the canned tests' secret (so the canned replies verify). */
#include "fuzz_probe_common.h"

#include "radius_wire.h"

static const uint8_t SECRET[] = "xyzzy5461";
static const uint8_t RFC_AUTH[16] = {0x0f, 0x40, 0x3f, 0x94, 0x73, 0x97, 0x80, 0x57,
                                     0xbd, 0x83, 0xd5, 0xcb, 0x98, 0xf4, 0x22, 0x7a};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct rad_reply r;
    struct aod_err err;
    struct probe_out out;
    uint8_t id = size > 1 ? data[1] : 0;

    memset(&r, 0, sizeof r);
    aod_err_clear(&err);
    enum aod_status st =
        rad_parse_reply(data, size, id, RFC_AUTH, SECRET, sizeof SECRET - 1, &r, &err);
    FUZZ_ASSERT(st == AOD_OK || st == AOD_E_PARSE, "rad_parse_reply status");
    if (st != AOD_OK) {
        fuzz_clean(err.msg, false, "parse error message");
        return 0;
    }
    FUZZ_ASSERT(memchr(r.message, '\0', sizeof r.message) != NULL, "Reply-Message terminated");
    fuzz_clean(r.message, false, "Reply-Message");
    struct rad_judge_in in = {
        .reply = &r, .icmp_unreachable = 0, .port = "1812", .timeout_ms = 3000};
    out_init(&out);
    rad_judge(&in, &out);
    fuzz_check_out(&out, "radius");
    out_free(&out);
    return 0;
}
