//! The limits of `refrain serve`, with real OpenSSH clients: many sessions at
//! once each get a working reader and the one past `--max-sessions` is told the
//! server is full; an idle session is closed with a message; a connection that
//! never logs in is dropped after the login grace time; a source address over
//! the connection rate is refused.

mod ssh_support;

use ssh_support::{
    Client, DEADLINE, LocalReader, Server, first_title, signal, ssh_output, wait_until,
};
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
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("too many connections from 127.0.0.1; try again in a minute"),
        "the client is told why, not reset: {said}"
    );
    assert!(!said.contains("reset"), "{said}");
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

#[test]
fn a_client_over_the_connection_cap_is_told_the_server_is_busy() {
    // --max-sessions 1 allows 1 * 2 + 16 = 18 open connections.
    let server = Server::start(&["--max-sessions", "1"]);
    let idle: Vec<TcpStream> = (0..18)
        .map(|_| TcpStream::connect(("127.0.0.1", server.port)).unwrap())
        .collect();
    wait_until(DEADLINE, "18 connections", || {
        (server
            .lines()
            .iter()
            .filter(|l| l.contains("refrain: connect "))
            .count()
            == 18)
            .then_some(())
    });
    let out = ssh_output(server.port, &["localhost", "true"]);
    assert_eq!(out.status.code(), Some(255));
    let said = String::from_utf8_lossy(&out.stderr);
    assert!(
        said.contains("the server is busy (too many open connections); try again later"),
        "{said}"
    );
    server.wait_log(&["refused", "reason=\"too many open connections\""]);
    drop(idle);
}

#[test]
fn a_connection_still_in_its_handshake_does_not_delay_shutdown() {
    let mut server = Server::start(&[]);
    let mut tcp = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    tcp.set_read_timeout(Some(DEADLINE)).unwrap();
    server.wait_log(&["connect conn=1"]);
    let start = Instant::now();
    signal(server.pid(), "TERM");
    let mut seen = Vec::new();
    let mut buf = [0u8; 256];
    loop {
        match tcp.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
        }
    }
    assert!(seen.starts_with(b"SSH-2.0-"), "{seen:?}");
    let text = String::from_utf8_lossy(&seen);
    assert!(text.contains("the server is shutting down"), "{text:?}");
    assert!(server.wait_exit().success());
    let took = start.elapsed();
    assert!(took < Duration::from_secs(2), "shutdown took {took:?}");
    server.wait_log(&["disconnect conn=1", "reason=\"server shutdown\""]);
}

#[test]
fn the_disconnect_packet_is_a_well_formed_ssh_packet() {
    let packet = refrain::ssh::server::disconnect_packet(12, "busy");
    // length, padding length, SSH_MSG_DISCONNECT, reason, "busy", empty language
    let payload = [
        &[1u8][..],
        &12u32.to_be_bytes(),
        &4u32.to_be_bytes(),
        b"busy",
        &0u32.to_be_bytes(),
    ]
    .concat();
    let padding = packet[4] as usize;
    assert_eq!(packet.len() % 8, 0);
    assert!(padding >= 4);
    assert_eq!(
        u32::from_be_bytes(packet[..4].try_into().unwrap()) as usize,
        packet.len() - 4
    );
    assert_eq!(&packet[5..5 + payload.len()], &payload[..]);
    assert_eq!(packet.len(), 5 + payload.len() + padding);
}
