/* include/aod/probe_result.h: the plain data a probe hands back (verdict, summary, evidence
 * fields) and the parameters it takes. The engine stores results and the probes make them, so
 * these value types sit below both wings; nothing here runs a probe. */
#ifndef AOD_PROBE_RESULT_H
#define AOD_PROBE_RESULT_H

#include <stddef.h>
#include <string.h>

#include "aod/status.h"

#define AOD_PROBE_SUMMARY_MAX     256
#define AOD_PROBE_FIELDS_MAX      32
#define AOD_PROBE_FIELD_NAME_MAX  48
#define AOD_PROBE_FIELD_VALUE_MAX 256

/* A parameter of a probe request ("host" = "vpn.contoso.com"); both strings borrowed. */
struct aod_param {
    const char *name;
    const char *value;
};

/* One flat evidence field, as a flow can test it: "fragmentation_supported" = "true".
 * Values are printable text (no control characters); JSON null is the word "null". */
struct aod_probe_field {
    char name[AOD_PROBE_FIELD_NAME_MAX];
    char value[AOD_PROBE_FIELD_VALUE_MAX];
};

/* What one probe found. Plain value struct; `json` is owned and freed by the batch that made it. */
struct aod_probe_result {
    enum aod_verdict verdict;            /* pass, fail, inconclusive or error */
    char summary[AOD_PROBE_SUMMARY_MAX]; /* one printable line: what it means for the VPN */
    long elapsed_ms;                     /* wall time of this probe, retries included */
    size_t n_fields;                     /* used entries of `fields` */
    struct aod_probe_field fields[AOD_PROBE_FIELDS_MAX];
    const char *json; /* the whole result as one JSON object, or NULL */
};

/* The word every front end shows for a result, so that it means the row's question: the verdict's
 * label, except that a pass whose evidence carries a non-empty "fault" field (it answered, but
 * the answer shows the fault: IKE answers without fragmentation) reads WARN, and an error with
 * "cancelled" = true (the user stopped it) reads CANCELLED. The verdict itself, which flows
 * route on, stays as it is. */
static inline const char *aod_result_label(enum aod_verdict v, const struct aod_probe_field *f,
                                           size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (v == AOD_VERDICT_PASS && strcmp(f[i].name, "fault") == 0 && f[i].value[0] != '\0' &&
            strcmp(f[i].value, "null") != 0)
            return "WARN";
        if (v == AOD_VERDICT_ERROR && strcmp(f[i].name, "cancelled") == 0 &&
            strcmp(f[i].value, "true") == 0)
            return "CANCELLED";
    }
    return aod_verdict_label(v);
}

#endif
