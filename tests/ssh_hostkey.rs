//! The host key of `refrain serve`: generated once (ed25519, mode 0600), kept
//! across runs so clients see the same fingerprint, found in the XDG data
//! directory by default, and identical to what OpenSSH reads from the file.

mod ssh_support;

use ssh_support::Server;
use std::process::Command;

fn fingerprint(server: &Server) -> (String, String) {
    let line = server.wait_log(&["host-key", "fingerprint="]);
    let field = |name: &str| {
        line.split(' ')
            .find_map(|f| f.strip_prefix(&format!("{name}=")))
            .unwrap()
            .to_string()
    };
    (field("fingerprint"), field("created"))
}

#[cfg(unix)]
fn mode(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn the_host_key_persists_across_runs_with_mode_0600() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("keys").join("host_ed25519");
    let keep = tempfile::tempdir().unwrap();
    let first = Server::start_in(keep, &key, &[]);
    let (fp1, created1) = fingerprint(&first);
    drop(first);
    assert_eq!(created1, "true");
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600);

    let keep = tempfile::tempdir().unwrap();
    let second = Server::start_in(keep, &key, &[]);
    let (fp2, created2) = fingerprint(&second);
    assert_eq!(created2, "false");
    assert_eq!(fp1, fp2, "same key on the second run");
    assert!(fp1.starts_with("SHA256:"));

    // OpenSSH reads the same key from the file.
    let out = Command::new("ssh-keygen")
        .arg("-lf")
        .arg(&key)
        .output()
        .unwrap();
    let listed = String::from_utf8_lossy(&out.stdout);
    assert!(
        listed.contains(&fp1) && listed.contains("(ED25519)"),
        "{listed}"
    );

    // And a client sees exactly that key.
    let out = Command::new("ssh-keyscan")
        .args(["-t", "ed25519", "-p", &second.port.to_string(), "127.0.0.1"])
        .output()
        .unwrap();
    let scanned = String::from_utf8_lossy(&out.stdout).to_string();
    let from_file = Command::new("ssh-keygen")
        .arg("-yf")
        .arg(&key)
        .output()
        .unwrap();
    let from_file = String::from_utf8_lossy(&from_file.stdout);
    let blob = from_file.split(' ').nth(1).unwrap();
    assert!(scanned.contains(blob), "{scanned}");
}

#[test]
fn the_default_host_key_lives_in_the_xdg_data_directory() {
    let data = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_refrain"));
    cmd.args(["serve", "--listen", "127.0.0.1:0"])
        .env("XDG_DATA_HOME", data.path());
    let server = Server::spawn(cmd, tempfile::tempdir().unwrap());
    let (_, created) = fingerprint(&server);
    assert_eq!(created, "true");
    let key = data.path().join("refrain").join("host_ed25519");
    assert!(key.is_file());
    #[cfg(unix)]
    assert_eq!(mode(&key), 0o600);
}

#[test]
fn a_key_others_can_read_is_refused_with_a_one_line_error() {
    let dir = tempfile::tempdir().unwrap();
    let key = dir.path().join("key");
    std::fs::write(&key, "not a key\n").unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&key, std::fs::Permissions::from_mode(0o644)).unwrap();
    }
    let out = Command::new(env!("CARGO_BIN_EXE_refrain"))
        .args(["serve", "--listen", "127.0.0.1:0", "--host-key"])
        .arg(&key)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.contains("readable by others (mode 0644)"),
        "{stderr}"
    );
}
