/* tests/fuzz/fuzz_probe_common.h: checks on what a probe's judge built from hostile bytes: the
 * summary and every field are clean text, and the JSON result is made. */
#ifndef AOD_TESTS_FUZZ_PROBE_COMMON_H
#define AOD_TESTS_FUZZ_PROBE_COMMON_H

#include "fuzz_common.h"

#include "probe_int.h"

static inline void fuzz_check_out(const struct probe_out *o, const char *kind)
{
    fuzz_clean(o->res.summary, false, "probe summary");
    FUZZ_ASSERT(o->res.n_fields <= AOD_PROBE_FIELDS_MAX, "field count");
    for (size_t i = 0; i < o->res.n_fields; i++) {
        fuzz_clean(o->res.fields[i].name, false, "field name");
        fuzz_clean(o->res.fields[i].value, false, "field value");
    }
    char *js = out_json(o, kind, "fuzz.example");
    FUZZ_ASSERT(js != NULL, "out_json");
    /* sb_json_str escapes control bytes: the JSON text itself has none. */
    for (const char *p = js; *p != '\0'; p++)
        FUZZ_ASSERT((unsigned char)*p >= 0x20, "no control byte in the JSON result");
    free(js);
}

#endif
