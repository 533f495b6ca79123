//! What `refrain serve` refuses, with the real OpenSSH client: commands
//! (`ssh host ls`), sftp, a shell without a terminal, local (`-L`) and remote
//! (`-R`) port forwarding, and keys missing from `--authorized-keys`; and that
//! a listed key and plain password-less `ssh` get the reader.

mod ssh_support;

use ssh_support::{Client, DEADLINE, Server, first_title, keygen, ssh_output};
use std::io::Read;
use std::net::{TcpListener, TcpStream};
use std::process::{Command, Stdio};

#[test]
fn exec_requests_are_refused() {
    let server = Server::start(&[]);
    let out = ssh_output(server.port, &["localhost", "ls", "/"]);
    assert_ne!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(!stdout.contains("etc"), "a command ran: {stdout}");
    server.wait_log(&["refused", "reason=\"exec request: ls /\""]);
}

#[test]
fn sftp_and_shells_without_a_terminal_are_refused() {
    let server = Server::start(&[]);
    let out = ssh_output(server.port, &["-s", "localhost", "sftp"]);
    assert_ne!(out.status.code(), Some(0));
    server.wait_log(&["refused", "reason=\"subsystem request: sftp\""]);

    let out = ssh_output(server.port, &["-T", "localhost"]);
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains("refrain: the reader needs a terminal: connect with ssh -t"),
        "{stdout}"
    );
    server.wait_log(&["refused", "reason=\"shell without a terminal\""]);
}

#[test]
fn remote_port_forwarding_is_refused() {
    let server = Server::start(&[]);
    let out = ssh_output(
        server.port,
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
            "localhost",
        ],
    );
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("forwarding failed"), "{stderr}");
    server.wait_log(&["refused", "remote port forwarding"]);
}

#[test]
fn local_port_forwarding_is_refused() {
    let server = Server::start(&[]);
    // A local port for ssh -L, and a target that must never be reached.
    let local_port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let target = TcpListener::bind("127.0.0.1:0").unwrap();
    target.set_nonblocking(true).unwrap();
    let target_port = target.local_addr().unwrap().port();
    let mut forward = Command::new("ssh")
        .args(server.ssh_args())
        .args(["-N", "-L"])
        .arg(format!("{local_port}:127.0.0.1:{target_port}"))
        .arg("localhost")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    struct Kill<'a>(&'a mut std::process::Child);
    impl Drop for Kill<'_> {
        fn drop(&mut self) {
            let _ = self.0.kill();
            let _ = self.0.wait();
        }
    }
    let _guard = Kill(&mut forward);
    // Once ssh listens, a connection through the tunnel is closed unanswered.
    let mut conn = ssh_support::wait_until(DEADLINE, "ssh -L to listen", || {
        TcpStream::connect(("127.0.0.1", local_port)).ok()
    });
    conn.set_read_timeout(Some(DEADLINE)).unwrap();
    let mut buf = [0u8; 16];
    assert_eq!(conn.read(&mut buf).unwrap_or(0), 0, "nothing came through");
    server.wait_log(&[
        "refused",
        &format!("port forwarding to 127.0.0.1:{target_port}"),
    ]);
    assert!(
        target.accept().is_err(),
        "the target was never connected to"
    );
}

#[test]
fn authorized_keys_let_in_only_the_listed_keys() {
    let keys = tempfile::tempdir().unwrap();
    let allowed = keygen(keys.path(), "allowed");
    let other = keygen(keys.path(), "other");
    let list = keys.path().join("authorized_keys");
    std::fs::copy(allowed.with_extension("pub"), &list).unwrap();
    let server = Server::start(&["--authorized-keys", list.to_str().unwrap()]);

    // Another key, and no key at all, are refused.
    let out = ssh_output(
        server.port,
        &[
            "-o",
            "IdentitiesOnly=yes",
            "-i",
            other.to_str().unwrap(),
            "-tt",
            "localhost",
        ],
    );
    assert_eq!(out.status.code(), Some(255));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("Permission denied"), "{stderr}");
    server.wait_log(&["refused", "reason=\"public key not in --authorized-keys\""]);
    let out = ssh_output(
        server.port,
        &[
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityFile=/dev/null",
            "-tt",
            "localhost",
        ],
    );
    assert_eq!(out.status.code(), Some(255));
    server.wait_log(&["refused", "reason=\"no public key offered\""]);

    // The listed key gets the reader.
    let mut client = Client::connect(
        server.port,
        80,
        24,
        &["-o", "IdentitiesOnly=yes", "-i", allowed.to_str().unwrap()],
    );
    client.wait_for_text(&first_title(24));
    client.send(b"q");
    assert_eq!(client.wait_exit(), 0);
}

#[test]
fn anyone_gets_in_without_a_key_or_password() {
    let server = Server::start(&[]);
    let mut client = Client::connect(
        server.port,
        80,
        24,
        &[
            "-o",
            "IdentitiesOnly=yes",
            "-o",
            "IdentityFile=/dev/null",
            "-l",
            "visitor",
        ],
    );
    client.wait_for_text(&first_title(24));
    server.wait_log(&["session-start", "user=visitor"]);
    client.send(b"q");
    assert_eq!(client.wait_exit(), 0);

    // Clients that insist on keyboard-interactive (no prompt comes) or on a
    // public key (any key will do) get in too.
    let keys = tempfile::tempdir().unwrap();
    let some_key = keygen(keys.path(), "some");
    let methods: [&[&str]; 2] = [
        &[
            "-o",
            "PreferredAuthentications=keyboard-interactive",
            "-l",
            "kbd",
        ],
        &[
            "-o",
            "PreferredAuthentications=publickey",
            "-o",
            "IdentitiesOnly=yes",
            "-i",
            some_key.to_str().unwrap(),
            "-l",
            "pubkey",
        ],
    ];
    for extra in methods {
        let mut client = Client::connect(server.port, 80, 24, extra);
        client.wait_for_text(&first_title(24));
        client.send(b"q");
        assert_eq!(client.wait_exit(), 0, "{extra:?}");
    }
    server.wait_log(&["session-start", "user=kbd"]);
    server.wait_log(&["session-start", "user=pubkey"]);
}

#[test]
fn authorized_keys_options_are_honoured_or_the_line_is_refused() {
    let keys = tempfile::tempdir().unwrap();
    let elsewhere = keygen(keys.path(), "elsewhere");
    let local = keygen(keys.path(), "local");
    let expired = keygen(keys.path(), "expired");
    let forced = keygen(keys.path(), "forced");
    let public = |k: &std::path::Path| std::fs::read_to_string(k.with_extension("pub")).unwrap();
    let list = keys.path().join("authorized_keys");
    std::fs::write(
        &list,
        format!(
            "from=\"10.9.9.9\" {}from=\"10.0.0.0/8,127.0.0.0/8,!127.0.0.2\" {}expiry-time=\"20200101\" {}command=\"/bin/date\" {}",
            public(&elsewhere),
            public(&local),
            public(&expired),
            public(&forced),
        ),
    )
    .unwrap();
    let server = Server::start(&["--authorized-keys", list.to_str().unwrap()]);
    server.wait_log(&[
        "warning",
        "authorized_keys:4: key not used: option command= is not supported by refrain",
    ]);
    server.wait_log(&["serving", "access=\"3 authorized key(s)\""]);

    let attempt = |key: &std::path::Path| {
        ssh_output(
            server.port,
            &[
                "-o",
                "IdentitiesOnly=yes",
                "-i",
                key.to_str().unwrap(),
                "-tt",
                "localhost",
            ],
        )
    };
    for (key, reason) in [
        (&elsewhere, "key not allowed from 127.0.0.1 (from=)"),
        (&expired, "key expired (expiry-time)"),
        (&forced, "public key not in --authorized-keys"),
    ] {
        let out = attempt(key);
        assert_eq!(out.status.code(), Some(255), "{key:?}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("Permission denied"));
        server.wait_log(&["refused", &format!("reason=\"{reason}\"")]);
    }
    let mut client = Client::connect(
        server.port,
        80,
        24,
        &["-o", "IdentitiesOnly=yes", "-i", local.to_str().unwrap()],
    );
    client.wait_for_text(&first_title(24));
    client.send(b"q");
    assert_eq!(client.wait_exit(), 0);
}
