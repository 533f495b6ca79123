//! The server's host key: an ed25519 key generated on first run and kept, so
//! that clients who accepted it once never see a "host key changed" warning.
//!
//! Default place: `<data dir>/refrain/host_ed25519` (`$XDG_DATA_HOME` or
//! `~/.local/share` on Linux), written in OpenSSH format with mode 0600 in a
//! folder with mode 0700. `--host-key PATH` picks another file, created the
//! same way when missing. A key file that others can read is refused, as
//! OpenSSH's `sshd` does.

use russh::keys::ssh_key::LineEnding;
use russh::keys::{Algorithm, HashAlg, PrivateKey};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The key the server proves its identity with, and where it lives.
#[derive(Debug)]
pub struct HostKey {
    /// The private key.
    pub key: PrivateKey,
    /// The file it was read from or written to.
    pub path: PathBuf,
    /// True when this run generated it.
    pub created: bool,
}

impl HostKey {
    /// The SHA-256 fingerprint clients show (`SHA256:…`).
    pub fn fingerprint(&self) -> String {
        self.key
            .public_key()
            .fingerprint(HashAlg::Sha256)
            .to_string()
    }
}

/// Where the host key is kept when `--host-key` is not given.
pub fn default_path() -> Result<PathBuf, String> {
    let dir = dirs::data_dir().ok_or_else(|| {
        "cannot find a data directory for the host key (set XDG_DATA_HOME or use --host-key)"
            .to_string()
    })?;
    Ok(dir.join("refrain").join("host_ed25519"))
}

/// Reads the host key at `path`, or generates and writes one when the file does
/// not exist. Errors are one line naming the file.
pub fn load_or_create(path: &Path) -> Result<HostKey, String> {
    match fs::metadata(path) {
        Ok(meta) => {
            check_private(path, &meta)?;
            let key = PrivateKey::read_openssh_file(path)
                .map_err(|e| format!("{}: not an OpenSSH private key: {e}", path.display()))?;
            if key.is_encrypted() {
                return Err(format!(
                    "{}: the host key is encrypted with a passphrase; use an unencrypted key",
                    path.display()
                ));
            }
            Ok(HostKey {
                key,
                path: path.to_path_buf(),
                created: false,
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => create(path),
        Err(e) => Err(format!("{}: {e}", path.display())),
    }
}

#[cfg(unix)]
fn check_private(path: &Path, meta: &fs::Metadata) -> Result<(), String> {
    use std::os::unix::fs::PermissionsExt;
    let mode = meta.permissions().mode() & 0o777;
    if mode & 0o077 != 0 {
        return Err(format!(
            "{}: the host key is readable by others (mode {mode:04o}); run chmod 600 on it",
            path.display()
        ));
    }
    Ok(())
}

#[cfg(not(unix))]
fn check_private(_path: &Path, _meta: &fs::Metadata) -> Result<(), String> {
    Ok(())
}

/// Generates a new ed25519 key and writes it to `path` (mode 0600), creating
/// the folder (mode 0700) if needed. The file is written under a temporary name
/// and renamed, so a crash never leaves half a key behind.
fn create(path: &Path) -> Result<HostKey, String> {
    let key = PrivateKey::random(&mut rand::rng(), Algorithm::Ed25519)
        .map_err(|e| format!("cannot generate a host key: {e}"))?;
    let pem = key
        .to_openssh(LineEnding::LF)
        .map_err(|e| format!("cannot encode the host key: {e}"))?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        create_private_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let tmp = path.with_extension(format!("tmp{}", std::process::id()));
    let written = write_private(&tmp, pem.as_bytes()).and_then(|()| fs::rename(&tmp, path));
    if let Err(e) = written {
        let _ = fs::remove_file(&tmp);
        return Err(format!(
            "{}: cannot write the host key: {e}",
            path.display()
        ));
    }
    Ok(HostKey {
        key,
        path: path.to_path_buf(),
        created: true,
    })
}

#[cfg(unix)]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

#[cfg(not(unix))]
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    fs::create_dir_all(dir)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_once_then_reused_with_mode_0600() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("host_ed25519");
        let first = load_or_create(&path).unwrap();
        assert!(first.created);
        assert_eq!(first.key.algorithm(), Algorithm::Ed25519);
        let second = load_or_create(&path).unwrap();
        assert!(!second.created);
        assert_eq!(first.fingerprint(), second.fingerprint());
        assert!(first.fingerprint().starts_with("SHA256:"));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
            let dir_mode = fs::metadata(path.parent().unwrap())
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(dir_mode, 0o700);
        }
    }

    #[cfg(unix)]
    #[test]
    fn readable_key_and_garbage_are_refused_with_the_path() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("key");
        load_or_create(&path).unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o644)).unwrap();
        let err = load_or_create(&path).unwrap_err();
        assert!(
            err.contains("key: the host key is readable by others (mode 0644)"),
            "{err}"
        );

        let garbage = dir.path().join("garbage");
        write_private(&garbage, b"not a key").unwrap();
        let err = load_or_create(&garbage).unwrap_err();
        assert!(err.contains("garbage: not an OpenSSH private key"), "{err}");
    }
}
