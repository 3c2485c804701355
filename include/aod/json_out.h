/* include/aod/json_out.h: writes JSON string literals, for every JSON the program prints (probe
 * results, reports). The output is valid JSON and safe to print to a terminal as it is. */
#ifndef AOD_JSON_OUT_H
#define AOD_JSON_OUT_H

#include "aod/buf.h"

/* Appends `s` to `b` as a JSON string literal, quotes included. '"', '\\' and '\n' get their
 * short escapes; every other control character (C0, DEL, C1, the bidi controls of
 * aod_is_control) becomes \uXXXX, so its bytes never reach a terminal that shows the text; bytes
 * that are not UTF-8 become \ufffd. Failures are the buffer's (aod_buf_failed). */
void aod_json_str(struct aod_buf *b, const char *s);

#endif
