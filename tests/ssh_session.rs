//! `refrain serve` with the real OpenSSH client in a pseudo-terminal: the
//! library appears, keys drive the same reader as in-process (screen for screen),
//! the layout follows a resize, `q` ends with exit status 0 and the terminal
//! restored, and SIGTERM tells the session before the server exits cleanly.

mod ssh_support;

use ssh_support::{Client, LocalReader, Server, first_title};

#[test]
fn the_reader_over_ssh_is_the_local_reader_key_for_key() {
    let server = Server::start(&[]);
    let mut client = Client::connect(server.port, 100, 30, &[]);
    let mut local = LocalReader::new(100, 30);

    // The library: the documents' titles.
    client.wait_for_text(&first_title(24));
    assert!(
        client.alternate_screen(),
        "the reader runs on the alternate screen"
    );
    client.wait_for_screen(&local.contents(), "library");
    server.wait_log(&[
        "session-start",
        "user=",
        "term=xterm-256color",
        "size=100x30",
    ]);

    // Each step changes the screen (checked on the in-process reader), and the
    // screen over SSH is exactly the in-process one.
    let steps: [(&str, &[u8]); 7] = [
        ("move down the library", b"j"),
        ("open a document", b"\r"),
        ("arrow down", b"\x1b[B"),
        ("mouse wheel down", b"\x1b[<65;20;10M"),
        ("jump to the next shared passage", b"]"),
        ("compare", b"c"),
        ("back to the reader", b"\x1b"),
    ];
    for (step, keys) in steps {
        let before = local.contents();
        client.send(keys);
        local.feed(keys);
        assert_ne!(local.contents(), before, "{step} changes the screen");
        client.wait_for_screen(&local.contents(), step);
    }
    // A smaller window: the reader lays itself out again.
    client.resize(72, 20);
    local.resize(72, 20);
    client.wait_for_screen(&local.contents(), "after resize");

    client.send(b"q");
    assert_eq!(client.wait_exit(), 0, "quit ends the session with status 0");
    assert!(!client.alternate_screen(), "the main screen is back");
    server.wait_log(&["session-end", "reason=quit", "duration="]);
    server.wait_log(&["disconnect", "duration="]);
}

#[test]
fn huge_windows_are_clamped_to_the_size_limit() {
    let server = Server::start(&["--max-size", "90x25"]);
    let client = Client::connect(server.port, 120, 40, &[]);
    client.wait_for_text(&first_title(24));
    server.wait_log(&["session-start", "size=90x25"]);
}

#[test]
fn sigterm_tells_the_sessions_and_exits_cleanly() {
    let mut server = Server::start(&[]);
    let mut client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    let status = std::process::Command::new("sh")
        .args(["-c", &format!("kill -TERM {}", server.pid())])
        .status()
        .unwrap();
    assert!(status.success());
    client.wait_for_text("refrain: the server is shutting down");
    assert_eq!(client.wait_exit(), 1);
    assert!(server.wait_exit().success(), "{:?}", server.lines());
    server.wait_log(&["shutdown"]);
    server.wait_log(&["session-end", "reason=\"server shutdown\""]);
}

#[test]
fn bad_options_are_one_line_errors_before_anything_starts() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&[&str], &str); 4] = [
        (&["--keymap", "nosuch"], "nosuch"),
        (&["--max-size", "5x2"], "--max-size 5x2 is too small"),
        (
            &["--max-sessions", "0"],
            "--max-sessions must be at least 1",
        ),
        (
            &["--authorized-keys", "/nonexistent/keys"],
            "/nonexistent/keys",
        ),
    ];
    for (args, message) in cases {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_refrain"))
            .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
            .arg(dir.path().join("key"))
            .args(args)
            .env("XDG_CONFIG_HOME", dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("refrain: ") && stderr.contains(message),
            "{stderr}"
        );
    }
    assert!(
        !dir.path().join("key").exists(),
        "no host key made for a bad command line"
    );
}
