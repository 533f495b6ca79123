//! The limits of `refrain serve`, with real OpenSSH clients: many sessions at
//! once each get a working reader and the one past `--max-sessions` is told the
//! server is full; an idle session is closed with a message; a connection that
//! never logs in is dropped after the login grace time; a source address over
//! the connection rate is refused.

mod ssh_support;

use ssh_support::{Client, DEADLINE, LocalReader, Server, first_title, signal, ssh_output};
use std::io::Read;
use std::net::TcpStream;
use std::time::{Duration, Instant};

#[test]
fn thirty_two_sessions_work_and_the_next_one_is_told_the_server_is_full() {
    let server = Server::start(&["--max-sessions", "32"]);
    let title = first_title(24);
    let mut clients: Vec<Client> = (0..32)
        .map(|_| Client::connect(server.port, 80, 24, &[]))
        .collect();
    for c in &clients {
        c.wait_for_text(&title);
    }
    // Every one of them is a working reader of its own.
    let mut moved = LocalReader::new(80, 24);
    moved.feed(b"j");
    for c in clients.iter_mut().step_by(2) {
        c.send(b"j");
    }
    let unmoved = LocalReader::new(80, 24);
    for (i, c) in clients.iter().enumerate() {
        let expected = if i % 2 == 0 { &moved } else { &unmoved };
        c.wait_for_screen(&expected.contents(), &format!("session {i}"));
    }
    server.wait_log(&["session-start", "sessions=32"]);

    let mut extra = Client::connect(server.port, 80, 24, &[]);
    extra.wait_for_text("refrain: server full (32 sessions)");
    assert_eq!(extra.wait_exit(), 1);
    server.wait_log(&["refused", "reason=\"server full\""]);

    // When one leaves, the next client gets in.
    clients[0].send(b"q");
    assert_eq!(clients[0].wait_exit(), 0);
    let next = Client::connect(server.port, 80, 24, &[]);
    next.wait_for_text(&title);
    for c in clients.iter_mut().skip(1) {
        c.send(b"q");
    }
    for c in clients.iter_mut().skip(1) {
        assert_eq!(c.wait_exit(), 0);
    }
}

#[test]
fn an_idle_session_is_closed_with_a_message() {
    let server = Server::start(&["--idle-timeout", "2"]);
    let mut client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    let shown = Instant::now();
    client.wait_for_text("refrain: closed after 2 seconds without input");
    assert!(shown.elapsed() >= Duration::from_millis(1500));
    assert_eq!(client.wait_exit(), 1);
    assert!(!client.alternate_screen());
    server.wait_log(&["session-end", "reason=\"idle for 2s\""]);
}

#[test]
fn typing_keeps_a_session_alive() {
    let server = Server::start(&["--idle-timeout", "3"]);
    let mut client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    for _ in 0..5 {
        std::thread::sleep(Duration::from_secs(1));
        client.send(b"j");
    }
    assert!(client.running(), "5 s with a key every second: still open");
    assert!(!client.contents().contains("without input"));
}

#[test]
fn a_connection_that_never_logs_in_is_dropped_after_the_grace_time() {
    let server = Server::start(&["--login-grace", "2"]);
    let mut tcp = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    tcp.set_read_timeout(Some(DEADLINE)).unwrap();
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        match tcp.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    assert!(seen.starts_with(b"SSH-2.0-"), "the server said hello first");
    let waited = start.elapsed();
    assert!(
        waited >= Duration::from_millis(1500),
        "closed after {waited:?}"
    );
    assert!(waited < DEADLINE, "closed after {waited:?}");
    server.wait_log(&["refused", "reason=\"login grace time exceeded\""]);
}

#[test]
fn connections_over_the_rate_limit_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    let server = Server::start_in(dir, &key, &["--rate-limit", "2"]);
    for _ in 0..2 {
        let out = ssh_output(server.port, &["localhost", "true"]);
        assert_eq!(out.status.code(), Some(255)); // exec is refused, but we got in
    }
    let out = ssh_output(server.port, &["localhost", "true"]);
    assert_eq!(out.status.code(), Some(255));
    server.wait_log(&["refused", "reason=\"connection rate limit\""]);
    assert_eq!(
        server
            .lines()
            .iter()
            .filter(|l| l.contains("exec request"))
            .count(),
        2,
        "the third connection never reached SSH: {:?}",
        server.lines()
    );
}

#[test]
fn a_client_that_stops_responding_is_disconnected() {
    let server = Server::start(&["--write-timeout", "3"]);
    let client = Client::connect(server.port, 80, 24, &[]);
    client.wait_for_text(&first_title(24));
    // A stopped ssh reads nothing and answers no keepalive.
    signal(client.pid(), "STOP");
    server.wait_log(&["session-end", "reason=\"client closed\""]);
    server.wait_log(&["disconnect", "reason=\"client not responding\""]);
    signal(client.pid(), "CONT");
}
