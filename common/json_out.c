/* common/json_out.c: JSON string literals (include/aod/json_out.h). The only JSON escaper: the
 * probes' results and the TUI's reports both write through it. No I/O. */
#include "aod/json_out.h"

#include <string.h>

#include "aod/text.h"

void aod_json_str(struct aod_buf *b, const char *s)
{
    size_t len = strlen(s);
    size_t i = 0;

    aod_buf_putn(b, "\"", 1);
    while (i < len) {
        unsigned long cp = 0;
        size_t n = aod_utf8_decode(s + i, len - i, &cp);

        if (n == 0) {
            aod_buf_puts(b, "\\ufffd");
            n = 1;
        } else if (cp == '"' || cp == '\\') {
            char esc[2] = {'\\', (char)cp};
            aod_buf_putn(b, esc, 2);
        } else if (cp == '\n') {
            aod_buf_puts(b, "\\n");
        } else if (aod_is_control(cp)) {
            aod_buf_printf(b, "\\u%04lx", cp);
        } else {
            aod_buf_putn(b, s + i, n);
        }
        i += n;
    }
    aod_buf_putn(b, "\"", 1);
}
