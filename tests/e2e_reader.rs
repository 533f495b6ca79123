//! End-to-end: the real `refrain` binary in a pseudo-terminal (portable-pty),
//! its output parsed by a terminal emulator (vt100). Real keystrokes go in,
//! screens are asserted, and after quitting (or SIGTERM) the terminal must be
//! restored: alternate screen left, cursor shown, mouse capture off.
//! Every wait polls the screen with a generous timeout (CI has 2 busy cores).

mod pty_support;
use pty_support::*;

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn read_compare_help_and_quit_restores_the_terminal() {
    let mut s = Session::start(&[], &[], 100, 30);
    let lib = s.wait_for("Library");
    assert!(lib.contains("5 documents"), "{lib}");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("\r");
    s.wait_for("000 1/");
    s.send("]");
    let screen = s.wait_for("shared with");
    assert!(screen.contains("passage 1/"), "{screen}");
    s.send("c");
    let screen = s.wait_for("occurrence 1/");
    assert!(screen.contains("cluster "), "{screen}");
    s.send("\x1b");
    s.wait_for("passage 1/");
    s.send("/");
    s.send("cyberspace\r");
    s.wait_for(" hits ");
    s.send("?");
    s.wait_for("Go to the next shared passage");
    s.send("\x1b");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn escape_sequences_in_a_file_are_shown_not_obeyed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil.txt");
    std::fs::write(
        &path,
        "Evil file\n\x1b[31mRED\x1b[0m \x1b]0;pwned\x07 csi\u{9b}2J bidi\u{202e}txt del\x7f end\n",
    )
    .unwrap();
    let mut s = Session::start(&[path.to_str().unwrap()], &[], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    let screen = s.wait_for("␛[31mRED␛[0m ␛]0;pwned␇ csi␦2J bidi⇆txt del␡ end");
    assert!(screen.contains("Evil file"));
    // The text is not red: the escape sequence was not obeyed.
    let p = s.parser.lock().unwrap();
    let row = (0..24)
        .find(|&r| p.screen().contents_between(r, 0, r, 80).contains("RED"))
        .unwrap();
    let col = p
        .screen()
        .contents_between(row, 0, row, 80)
        .chars()
        .position(|c| c == 'R')
        .unwrap() as u16;
    let cell = p.screen().cell(row, col + 2).unwrap();
    assert_eq!(cell.fgcolor(), vt100::Color::Default);
    drop(p);
    let raw = s.raw();
    for bad in [
        &b"\x1b[31mRED"[..],
        b"\x1b]0;pwned",
        "\u{9b}".as_bytes(),
        "\u{202e}".as_bytes(),
        b"\x07",
        b"\x7f",
    ] {
        assert!(!contains(&raw, bad), "{bad:?} reached the terminal");
    }
    s.send("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn sigterm_restores_the_terminal() {
    let mut s = Session::start(&[], &[], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/");
    let pid = s.child.process_id().unwrap();
    let ok = std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    assert!(ok.success());
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn editor_opens_at_the_current_line_and_the_reader_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let script = dir.path().join("ed.sh");
    let out = dir.path().join("args.txt");
    std::fs::write(
        &script,
        format!("#!/bin/sh\necho \"$@\" > '{}'\n", out.display()),
    )
    .unwrap();
    let editor = format!("sh {}", script.display());
    let mut s = Session::start(&[], &[("EDITOR", &editor)], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/");
    // Four rows down: line 2 of the seed takes two rows at 80 columns, so the
    // cursor is on line 4 (the first passage), and the editor opens there.
    s.send("jjjj");
    s.wait_for("000 4/");
    s.send("e");
    let start = Instant::now();
    while !out.exists() && start.elapsed() < TIMEOUT {
        std::thread::sleep(Duration::from_millis(30));
    }
    s.wait_for("000 4/");
    let args = std::fs::read_to_string(&out).unwrap();
    assert_eq!(args.trim(), "+4 seeds/000_c6664d7b5d4dc99c.txt");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    s.send("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn small_terminal_shows_a_message_and_quits_cleanly() {
    let mut s = Session::start(&[], &[], 30, 6);
    s.wait_for("Terminal too small");
    s.send("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn no_color_keeps_passages_visible_without_colour() {
    let mut s = Session::start(&[], &[("NO_COLOR", "1")], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/");
    // The second passage, the byline: a whole line (the first, the title
    // phrase, starts mid-line).
    s.send("]");
    s.wait_for("passage 1/");
    s.send("]");
    s.wait_for("passage 2/");
    let p = s.parser.lock().unwrap();
    let screen = p.screen();
    let row = (0..24)
        .find(|&r| screen.contents_between(r, 0, r, 2).starts_with('┃'))
        .expect("a row of the selected passage");
    // The passage may start mid-row (the seeds' title phrase): some cell of
    // the row is reversed, in the default colours.
    let cell = (2..80)
        .filter_map(|c| screen.cell(row, c))
        .find(|c| c.inverse())
        .expect("selected passage is reversed");
    assert_eq!(cell.fgcolor(), vt100::Color::Default);
    assert_eq!(cell.bgcolor(), vt100::Color::Default);
    let other = (0..24)
        .find(|&r| screen.contents_between(r, 0, r, 2).starts_with('▌'))
        .expect("a row of another passage");
    // The passage may start mid-row: some cell of the row is underlined, none reversed.
    let cells: Vec<_> = (2..80).filter_map(|c| screen.cell(other, c)).collect();
    assert!(
        cells.iter().any(|c| c.underline()) && cells.iter().all(|c| !c.inverse()),
        "other passages are underlined"
    );
    drop(p);
    s.send("q");
    s.wait_exit();
    s.assert_restored();
}

#[test]
fn without_a_terminal_it_fails_with_one_line() {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_refrain"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .stdin(std::process::Stdio::null())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        err,
        "refrain: the reader needs a terminal (for text output use `refrain report`)\n"
    );
}

#[test]
fn a_terminal_that_hangs_up_ends_the_reader() {
    // The terminal window closes (the pty master goes away) while the reader
    // waits for a key: refrain must exit on its own, not spin on a dead tty.
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 24,
            cols: 80,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("openpty");
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_refrain"));
    cmd.cwd(env!("CARGO_MANIFEST_DIR"));
    cmd.env("TERM", "xterm-256color");
    // Marks, saved analyses and config go to a scratch place, never the user's.
    let scratch = std::env::temp_dir().join(format!("refrain-e2e-{}", std::process::id()));
    cmd.env("XDG_DATA_HOME", scratch.join("data"));
    cmd.env("XDG_CACHE_HOME", scratch.join("cache"));
    cmd.env("XDG_CONFIG_HOME", scratch.join("config"));
    let mut child = pair.slave.spawn_command(cmd).expect("spawn refrain");
    drop(pair.slave);
    let mut reader = pair.master.try_clone_reader().expect("pty reader");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut seen = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            seen.extend_from_slice(&buf[..n]);
            if contains(&seen, b"Library") {
                // Stop reading: this thread's copy of the master closes too.
                let _ = tx.send(());
                break;
            }
        }
    });
    rx.recv_timeout(TIMEOUT)
        .expect("the library never appeared");
    drop(pair.master);
    let start = Instant::now();
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            assert!(!status.success(), "a hang-up is not a clean quit");
            return;
        }
        if start.elapsed() > Duration::from_secs(10) {
            let _ = child.kill();
            panic!("refrain kept running after its terminal hung up");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn go_to_line_counts_and_search_as_you_type_on_the_real_binary() {
    let mut s = Session::start(&[], &[], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    let screen = s.wait_for("000 1/62");
    assert!(
        screen.starts_with(" seeds/000_c6664d7b5d4dc99c.txt · Scholars' Perspectives"),
        "the header names the document: {screen}"
    );
    s.send(":");
    s.wait_for("go to line: ");
    s.send("40");
    s.wait_for("go to line: 40");
    s.send("\r");
    let screen = s.wait_for("000 40/62");
    // The cursor row is marked in the gutter.
    assert!(
        screen
            .lines()
            .any(|l| l.starts_with(" ›") || l.starts_with("▌›") || l.starts_with("┃›")),
        "{screen}"
    );
    s.send("12G");
    s.wait_for("000 12/62");
    s.send("/cyberspace");
    s.wait_for("hits · tab: all documents");
    s.send("\x1b");
    s.wait_for("000 12/62");
    s.send("y");
    s.wait_for("y does nothing in the reader");
    s.send("q");
    let status = s.wait_exit();
    assert!(status.success(), "{status:?}");
    s.assert_restored();
}

#[test]
fn a_file_changed_in_the_editor_is_reloaded_with_the_cursor_on_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    let docs = dir.path().join("docs");
    std::fs::create_dir(&docs).unwrap();
    for name in ["000_c6664d7b5d4dc99c.txt", "001_8d315d2a224e7f08.txt"] {
        std::fs::copy(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("seeds")
                .join(name),
            docs.join(name),
        )
        .unwrap();
    }
    // The "editor" puts a new first line at the top of the file it is given.
    let script = dir.path().join("ed.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nf=\"$2\"\nprintf 'A line added in the editor\\n' | cat - \"$f\" > \"$f.new\" && mv \"$f.new\" \"$f\"\n",
    )
    .unwrap();
    let editor = format!("sh {}", script.display());
    let mut s = Session::start(&[docs.to_str().unwrap()], &[("EDITOR", &editor)], 80, 24);
    s.wait_for("Library");
    s.send("\r");
    s.wait_for("000 1/62");
    s.send("jjjj");
    s.wait_for("000 4/62");
    s.send("e");
    let screen = s.wait_for("reloaded 000");
    assert!(
        screen.contains("000 5/63"),
        "the cursor followed its text: {screen}"
    );
    assert!(screen.contains("A line added in the editor"), "{screen}");
    s.send("q");
    s.wait_exit();
    s.assert_restored();
}
