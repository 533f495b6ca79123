//! A short SSH soak in `cargo test`: 8 OpenSSH clients typing random keys,
//! clicks, wheel, resizes and floods for 10 seconds, then `q`. No panic, every
//! session answers, every `q` ends its session within a second, and the
//! server's memory comes back to within 20% once they are gone. The full run
//! (50 clients, two minutes) is `cargo run --release --example soak`.

mod ssh_support;

use ssh_support::soak;
use std::process::Command;
use std::time::Duration;

#[test]
fn eight_clients_for_ten_seconds_of_random_input() {
    let dir = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_refrain"));
    cmd.args(["serve", "--listen", "127.0.0.1:0", "--rate-limit", "0"])
        .arg("--host-key")
        .arg(dir.path().join("host_key"))
        .env("XDG_CONFIG_HOME", dir.path().join("config"));
    let server = soak::SoakServer::spawn(cmd);
    let config = soak::Config {
        clients: 8,
        duration: Duration::from_secs(10),
        seed: 7,
        sample_every: Duration::from_secs(1),
    };
    let report = soak::run(&server, &config);
    let problems = report.problems(config.clients);
    assert!(problems.is_empty(), "{problems:#?}\n{report:#?}");
    assert!(report.keys >= 8 * 50, "{} input events", report.keys);
    assert_eq!(report.quit_latency.len(), 8);
}
