/* tests/tui/test_layout.c: the layout is a pure function of (rows, cols) (tui/layout.c): the
 * minimum size, no overlaps, everything inside the terminal, the trail pane from 120 columns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include "layout.h"

static bool inside(const struct wz_rect *r, int rows, int cols)
{
    if (r->h == 0 || r->w == 0)
        return true;
    return r->y >= 0 && r->x >= 0 && r->y + r->h <= rows && r->x + r->w <= cols && r->h > 0 &&
           r->w > 0;
}

static bool overlap(const struct wz_rect *a, const struct wz_rect *b)
{
    if (a->h == 0 || a->w == 0 || b->h == 0 || b->w == 0)
        return false;
    return a->y < b->y + b->h && b->y < a->y + a->h && a->x < b->x + b->w && b->x < a->x + a->w;
}

static void check_sane(int rows, int cols)
{
    struct wz_layout l = wz_layout_compute(rows, cols);
    const struct wz_rect *all[] = {&l.header, &l.crumb, &l.body, &l.side, &l.status, &l.footer};
    size_t n = sizeof all / sizeof all[0];

    assert_false(l.is_too_small);
    for (size_t i = 0; i < n; i++) {
        assert_true(inside(all[i], rows, cols));
        for (size_t k = i + 1; k < n; k++)
            assert_false(overlap(all[i], all[k]));
    }
    assert_true(l.body.h >= 10);
    assert_int_equal(l.footer.y, rows - 1);
    assert_int_equal(l.status.y, rows - 2);
}

static void test_degenerate_sizes_are_too_small(void **state)
{
    (void)state;
    assert_true(wz_layout_compute(0, 0).is_too_small);
    assert_true(wz_layout_compute(-5, 200).is_too_small);
    assert_true(wz_layout_compute(24, 79).is_too_small);
    assert_true(wz_layout_compute(21, 80).is_too_small);
    assert_true(wz_layout_compute(22, 79).is_too_small);
    assert_true(wz_layout_compute(15, 60).is_too_small);
    struct wz_layout l = wz_layout_compute(15, 60);
    assert_int_equal(l.body.h, 0);
    assert_int_equal(l.rows, 15);
    assert_int_equal(l.cols, 60);
}

static void test_minimum_80x24(void **state)
{
    (void)state;
    struct wz_layout l = wz_layout_compute(24, 80);
    check_sane(24, 80);
    assert_int_equal(l.header.y, 0);
    assert_int_equal(l.crumb.y, 1);
    assert_int_equal(l.crumb.h, 1);
    assert_int_equal(l.body.y, 3);
    assert_int_equal(l.body.h, 19);
    assert_int_equal(l.body.w, 80);
    assert_int_equal(l.side.w, 0);
}

/* tmux and screen take a line from 80x24: chrome goes first (the blank line, then the trail
 * line, which t still opens), and the body keeps its 19 rows. */
static void test_short_terminals_drop_chrome_first(void **state)
{
    (void)state;
    struct wz_layout l = wz_layout_compute(23, 80);
    check_sane(23, 80);
    assert_int_equal(l.crumb.y, 1);
    assert_int_equal(l.crumb.h, 1);
    assert_int_equal(l.body.y, 2);
    assert_int_equal(l.body.h, 19);
    l = wz_layout_compute(22, 80);
    check_sane(22, 80);
    assert_false(l.is_too_small);
    assert_int_equal(l.crumb.h, 0);
    assert_int_equal(l.body.y, 1);
    assert_int_equal(l.body.h, 19);
    assert_int_equal(l.status.y, 20);
}

static void test_side_pane_from_120_columns(void **state)
{
    (void)state;
    struct wz_layout l = wz_layout_compute(40, 119);
    assert_int_equal(l.side.w, 0);
    l = wz_layout_compute(40, 120);
    assert_int_equal(l.side.w, 40);
    assert_int_equal(l.crumb.h, 0);
    assert_int_equal(l.body.w + 1 + l.side.w, 120);
    l = wz_layout_compute(50, 300);
    assert_int_equal(l.side.w, WZ_SIDE_MAX_W);
}

static void test_every_size_is_sane(void **state)
{
    (void)state;
    for (int rows = 24; rows <= 70; rows += 3)
        for (int cols = 80; cols <= 260; cols += 7)
            check_sane(rows, cols);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_degenerate_sizes_are_too_small),
        cmocka_unit_test(test_minimum_80x24),
        cmocka_unit_test(test_short_terminals_drop_chrome_first),
        cmocka_unit_test(test_side_pane_from_120_columns),
        cmocka_unit_test(test_every_size_is_sane),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
