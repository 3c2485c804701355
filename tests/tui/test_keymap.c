/* tests/tui/test_keymap.c: the key table (tui/keymap.c) and the script reader (tui/script.c),
 * both from aod_tui_core, without a terminal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <curses.h>

#include "keymap.h"
#include "script.h"

static void test_unknown_keys_and_requests(void **state)
{
    char buf[8];
    (void)state;
    assert_int_equal(wz_key_request(-1), REQ_NONE);
    assert_int_equal(wz_key_request('x'), REQ_NONE);
    assert_string_equal(wz_request_word(REQ_COUNT), "");
    assert_string_equal(wz_request_help(REQ_COUNT), "");
    wz_key_labels(REQ_NONE, false, 4, buf, sizeof buf);
    assert_string_equal(buf, "");
    wz_key_labels(REQ_ENTER, false, 4, buf, 0); /* no room: nothing written, no crash */
}

/* KEY_RESIZE is the loop's own business (STYLE.md section 6): no request stands for it. */
static void test_resize_is_no_request(void **state)
{
    (void)state;
    assert_int_equal(wz_key_request(KEY_RESIZE), REQ_NONE);
    assert_int_equal(wz_key_request_text(KEY_RESIZE), REQ_NONE);
}

static void test_text_entry_leaves_letters_alone(void **state)
{
    (void)state;
    assert_int_equal(wz_key_request('q'), REQ_QUIT);
    assert_int_equal(wz_key_request_text('q'), REQ_NONE);
    assert_int_equal(wz_key_request_text(KEY_F(10)), REQ_QUIT);
    assert_int_equal(wz_key_request_text(27), REQ_CANCEL);
}

static void test_labels_are_listed_once(void **state)
{
    char buf[64];
    (void)state;
    wz_key_labels(REQ_ENTER, false, 6, buf, sizeof buf);
    assert_string_equal(buf, "Enter"); /* three key codes, one label */
    wz_key_labels(REQ_QUIT, true, 2, buf, sizeof buf);
    assert_string_equal(buf, "Ctrl-X/F10");
    wz_key_labels(REQ_QUIT, false, 6, buf, 8); /* "q/Ctrl-X" needs 9 bytes: whole labels */
    assert_string_equal(buf, "q");
}

static void test_key_names(void **state)
{
    (void)state;
    assert_int_equal(wz_key_parse("Enter", 5), '\n');
    assert_int_equal(wz_key_parse("C-u", 3), 0x15);
    assert_int_equal(wz_key_parse("F1", 2), KEY_F(1));
    assert_int_equal(wz_key_parse("Lt", 2), '<');
    assert_int_equal(wz_key_parse("Ent", 3), -1);
    assert_int_equal(wz_key_parse("C-U", 3), -1);
}

static void test_script_keys_and_commands(void **state)
{
    char path[] = "/tmp/aod-keymap-XXXXXX";
    char cmd[16];
    char arg[16];
    struct aod_err err;
    (void)state;
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "w");
    fputs("# comment\n1 <Enter>\n:resize 15 60\n<Nope>x\n", f);
    fclose(f);
    aod_err_clear(&err);
    struct wz_script *sc = wz_script_open(path, &err);
    unlink(path);
    assert_non_null(sc);
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), '1');
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), '\n');
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), -1);
    assert_string_equal(cmd, "resize");
    assert_string_equal(arg, "15 60");
    /* An unknown name is typed as it is, character by character. */
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), '<');
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), 'N');
    for (int i = 0; i < 4; i++)
        wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg);
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), 'x');
    assert_int_equal(wz_script_next(sc, cmd, sizeof cmd, arg, sizeof arg), -2);
    wz_script_free(sc);
    wz_script_free(NULL);
    assert_null(wz_script_open("/nonexistent-aod/script", &err));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_unknown_keys_and_requests),
        cmocka_unit_test(test_resize_is_no_request),
        cmocka_unit_test(test_text_entry_leaves_letters_alone),
        cmocka_unit_test(test_labels_are_listed_once),
        cmocka_unit_test(test_key_names),
        cmocka_unit_test(test_script_keys_and_commands),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
