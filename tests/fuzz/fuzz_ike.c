/* tests/fuzz/fuzz_ike.c: the IKEv2 IKE_SA_INIT reply parser (probes/ike_wire.c) and the judge
 * on any datagram. Input: one flags byte (bit 0: NAT-T marker; the others vary the judge's
 * inputs), then the datagram. The SPI is the canned packets' 01..08. */
#include "fuzz_probe_common.h"

#include "ike_wire.h"

static const uint8_t SPI[8] = {1, 2, 3, 4, 5, 6, 7, 8};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct ike_reply r;
    struct aod_err err;
    struct probe_out out;

    if (size < 1)
        return 0;
    uint8_t flags = data[0];
    memset(&r, 0, sizeof r);
    aod_err_clear(&err);
    enum aod_status st = ike_parse_reply(data + 1, size - 1, flags & 1, SPI, &r, &err);
    FUZZ_ASSERT(st == AOD_OK || st == AOD_E_PARSE, "ike_parse_reply status");
    if (st != AOD_OK) {
        fuzz_clean(err.msg, false, "parse error message");
        return 0;
    }
    FUZZ_ASSERT(r.n_notify <= IKE_MAX_NOTIFY && r.n_vid <= IKE_MAX_VID, "counts");
    for (size_t i = 0; i < r.n_notify; i++) {
        FUZZ_ASSERT(r.notify[i].len <= IKE_NOTIFY_DATA_MAX, "notify length");
        fuzz_clean(ike_notify_name(r.notify[i].type), false, "notify name");
    }
    for (size_t i = 0; i < r.n_vid; i++) {
        FUZZ_ASSERT(r.vid_len[i] <= IKE_VID_MAX, "vendor ID length");
        (void)ike_vid_is_microsoft(r.vid[i], r.vid_len[i]);
    }
    char chosen[128];
    ike_describe_chosen(&r.chosen, chosen, sizeof chosen);
    fuzz_clean(chosen, false, "chosen proposal");
    (void)ike_reply_is_stale(&r, 19);

    const struct ike_notify *ke = ike_reply_notify(&r, IKE_N_INVALID_KE_PAYLOAD);
    struct ike_judge_in in = {
        .reply = &r,
        .icmp_unreachable = 0,
        .timed_out_on_cookie = (flags >> 1) & 1,
        .retry_unanswered = (flags >> 2) & 1,
        .nat_local = (int)((flags >> 3) & 3) - 1,
        .nat_remote = (int)((flags >> 5) & 3) - 1,
        .first_group = 19,
        .invalid_ke_group =
            ke != NULL && ke->len >= 2 ? (uint16_t)(ke->data[0] << 8 | ke->data[1]) : 0,
        .cookie_followed = (flags >> 7) & 1,
        .port = (flags & 1) ? "4500" : "500",
        .timeout_ms = 3000,
    };
    out_init(&out);
    ike_judge(&in, &out);
    fuzz_check_out(&out, "ike");
    out_free(&out);
    return 0;
}
