//! End-to-end: the views of reuse on the real `refrain` binary in a
//! pseudo-terminal (portable-pty), its output parsed by vt100: `a` lists and
//! stacks every occurrence (a click selects one), `w` finds where the cursor
//! line appears, `c` compares with every difference counted, `:` and `NG` go
//! to a line, and quitting restores the terminal.

mod pty_support;
use pty_support::*;

#[test]
fn all_occurrences_where_else_and_compare_on_the_seeds() {
    let mut s = Session::start(&[], &[], 100, 30);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/");
    // The byline, copied in three places (after the title phrase quoted
    // in the text).
    s.send("]");
    s.wait_for("passage 1/");
    s.send("]");
    s.wait_for("passage 2/");
    s.send("a");
    let screen = s.wait_for("All occurrences");
    assert!(
        screen.contains("cluster 4 · 3 occurrences · 25 words"),
        "{screen}"
    );
    assert!(screen.contains("1/3 000 line 4 · reference"), "{screen}");
    assert!(
        screen.contains("3/3 000 line 21 · 98% to reference"),
        "{screen}"
    );
    // A click on the second row of the table selects that occurrence (the
    // rows start below the title and the column header).
    s.send("\x1b[<0;10;4M\x1b[<0;10;4m");
    s.wait_for("occurrence 2/3");
    s.send("G");
    s.send("c");
    let screen = s.wait_for("similar");
    assert!(screen.contains("occurrence 3/3"), "{screen}");
    assert!(screen.contains("differences │ 98% similar"), "{screen}");
    s.send("]");
    s.wait_for("difference 1/");
    s.send("\x1b");
    s.wait_for("All occurrences");
    s.send("\x1b");
    s.wait_for("passage 2/");
    // Go to line: `:` then a number, and back with a count before G.
    s.send(":21\r");
    s.wait_for("000 21/");
    s.send("4G");
    s.wait_for("000 4/");
    // Where else: the line under the cursor, found in the other places.
    s.send("w");
    let screen = s.wait_for("Where else");
    assert!(
        screen.contains("where else │ 000 line 4 │ 2 found"),
        "{screen}"
    );
    s.send("j");
    s.send("\r");
    s.wait_for("Professor");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}
