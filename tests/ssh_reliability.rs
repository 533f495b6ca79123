//! `refrain serve` when things go wrong, with real OpenSSH clients: a session
//! whose app panics ends cleanly (message, exit status, log line) and gives
//! its slot back exactly once; a client flooding keys is slowed down, never
//! dropped (counted key by key in the `session-end` line), and its `q` still
//! ends the session within a second.

mod ssh_support;

use ssh_support::{Client, DEADLINE, Server, first_title, wait_until};
use std::io::Write;
use std::time::{Duration, Instant};

/// Input that makes a session panic inside the app (`REFRAIN_DEBUG_PANIC_ON`).
const TRIGGER: &str = "PANIC-NOW";

#[test]
fn a_panicking_session_ends_cleanly_and_frees_its_slot_exactly_once() {
    let server = Server::start_with_env(
        &["--max-sessions", "2"],
        &[("REFRAIN_DEBUG_PANIC_ON", TRIGGER)],
    );
    let title = first_title(24);
    let mut first: Vec<Client> = (0..2)
        .map(|_| Client::connect(server.port, 80, 24, &[]))
        .collect();
    for c in &first {
        c.wait_for_text(&title);
    }
    for c in first.iter_mut() {
        c.send(TRIGGER.as_bytes());
        c.wait_for_text("refrain: internal error, session closed");
        assert_eq!(c.wait_exit(), 1, "a failed session exits 1");
        assert!(!c.alternate_screen(), "the terminal is given back");
    }
    let ends = wait_until(DEADLINE, "two session-end lines", || {
        let lines = server.log_lines(&["session-end", "reason=\"panic: REFRAIN_DEBUG_PANIC_ON"]);
        (lines.len() == 2).then_some(lines)
    });
    assert_eq!(ends.len(), 2, "{ends:?}");

    // Both slots are free again, and only those two: two new sessions work,
    // the third is told the server is full.
    let next: Vec<Client> = (0..2)
        .map(|_| Client::connect(server.port, 80, 24, &[]))
        .collect();
    for c in &next {
        c.wait_for_text(&title);
    }
    server.wait_log(&["session-start", "sessions=2"]);
    let mut extra = Client::connect(server.port, 80, 24, &[]);
    extra.wait_for_text("refrain: server full (2 sessions)");
    assert_eq!(extra.wait_exit(), 1);
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(
        server.log_lines(&["session-end"]).len(),
        2,
        "each panicked session ended exactly once: {:?}",
        server.lines()
    );
}

#[test]
fn a_key_flood_is_slowed_not_dropped_and_q_still_quits_within_a_second() {
    let server = Server::start(&[]);
    let mut client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    let mut keys = client.take_writer();
    // 4 MB of `j` (far more than 256 packets), then `q`, from another thread:
    // the writes block while the server pushes back.
    let typist = std::thread::spawn(move || {
        let chunk = vec![b'j'; 4096];
        for _ in 0..1024 {
            keys.write_all(&chunk).unwrap();
        }
        keys.write_all(b"q").unwrap();
        keys.flush().unwrap();
        Instant::now()
    });
    let typed_q = typist.join().unwrap();
    let code = client.wait_exit();
    let took = typed_q.elapsed();
    assert_eq!(code, 0, "the session ended by the user's q");
    assert!(
        took < Duration::from_secs(1),
        "q took {took:?} to end the session"
    );
    let end = server.wait_log(&["session-end", "reason=quit"]);
    assert!(end.contains("coalesced="), "the flood was coalesced: {end}");
}

/// The number in `field=N` of a log line.
fn field(line: &str, name: &str) -> Option<u64> {
    line.split_whitespace()
        .find_map(|w| w.strip_prefix(&format!("{name}=")))
        .and_then(|v| v.trim_matches('"').parse().ok())
}

#[test]
fn a_flood_of_distinct_keys_arrives_whole_and_q_still_quits_within_a_second() {
    let server = Server::start(&[]);
    let mut client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    // Open the first document: each key scrolls the reader.
    client.send(b"\r");
    client.wait_for_text("Published: Nov 16, 2025");
    let mut keys = client.take_writer();
    // 1 MB of `j k j k …`: one event per byte and no two alike in a row, so
    // nothing may be coalesced; far more than the server takes in at once
    // (4 queued packets and a 64 KB window), so the writes block while it
    // pushes back. Then `q`. (With russh's 2 MB window and 256 queued
    // packets, the q waited 2–2.5 s behind the backlog.)
    const FLOOD: usize = 1 << 20;
    let typist = std::thread::spawn(move || {
        let chunk = b"jk".repeat(2048);
        for _ in 0..FLOOD / chunk.len() {
            keys.write_all(&chunk).unwrap();
        }
        keys.write_all(b"q").unwrap();
        keys.flush().unwrap();
        // The terminal stays open (closing it would type an end-of-file).
        (Instant::now(), keys)
    });
    let (typed_q, _keys) = typist.join().unwrap();
    let code = client.wait_exit();
    let took = typed_q.elapsed();
    assert_eq!(code, 0, "the session ended by the user's q");
    assert!(
        took < Duration::from_secs(1),
        "q took {took:?} to end the session"
    );
    let end = server.wait_log(&["session-end", "reason=quit"]);
    // Every byte arrived (the Enter, the flood, the q), every one was a key,
    // and every key reached the app.
    let sent = 1 + FLOOD as u64 + 1;
    assert_eq!(field(&end, "input-bytes"), Some(sent), "{end}");
    assert_eq!(field(&end, "events"), Some(sent), "{end}");
    assert_eq!(field(&end, "handled"), Some(sent), "{end}");
    assert_eq!(field(&end, "coalesced"), None, "{end}");
    // And the server did push back: it stopped reading with a full queue.
    assert!(field(&end, "held-back").is_some_and(|n| n > 0), "{end}");
}
