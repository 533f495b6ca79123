//! Who may log in. By default anyone, with any user name and no password (a
//! demo: `ssh -p 2222 host` just works, with or without a key). With
//! `--authorized-keys FILE`, only the public keys listed in that file (OpenSSH
//! `authorized_keys` format; options and comments are ignored) are let in.
//!
//! Whatever the access, a session only ever offers the reader: see
//! `connection.rs` for the requests that are refused.

use russh::MethodKind;
use russh::MethodSet;
use russh::keys::ssh_key::authorized_keys::Entry;
use russh::keys::{PublicKey, ssh_key::public::KeyData};
use std::path::Path;

/// The access policy of a server.
#[derive(Debug, Clone)]
pub enum Access {
    /// Anyone: the `none`, `keyboard-interactive` (no prompts) and `publickey`
    /// (any key) methods all succeed.
    Open,
    /// Only these public keys, by `publickey` authentication.
    Keys(Vec<KeyData>),
}

impl Access {
    /// Reads an `authorized_keys` file. Errors are one line naming the file and
    /// the line.
    pub fn from_authorized_keys(path: &Path) -> Result<Access, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut keys = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let entry: Entry = line.parse().map_err(|e| {
                format!(
                    "{}:{}: not an authorized_keys entry: {e}",
                    path.display(),
                    n + 1
                )
            })?;
            keys.push(entry.public_key().key_data().clone());
        }
        if keys.is_empty() {
            return Err(format!(
                "{}: no public keys in the authorized keys file",
                path.display()
            ));
        }
        Ok(Access::Keys(keys))
    }

    /// The authentication methods offered to clients.
    pub fn methods(&self) -> MethodSet {
        match self {
            Access::Open => MethodSet::from(
                &[
                    MethodKind::None,
                    MethodKind::PublicKey,
                    MethodKind::KeyboardInteractive,
                ][..],
            ),
            Access::Keys(_) => MethodSet::from(&[MethodKind::PublicKey][..]),
        }
    }

    /// Whether logging in without credentials is allowed.
    pub fn allows_anyone(&self) -> bool {
        matches!(self, Access::Open)
    }

    /// Whether `key` may log in.
    pub fn allows_key(&self, key: &PublicKey) -> bool {
        match self {
            Access::Open => true,
            Access::Keys(keys) => keys.iter().any(|k| k == key.key_data()),
        }
    }

    /// A short description for the start-up log.
    pub fn describe(&self) -> String {
        match self {
            Access::Open => "anyone (no password)".to_string(),
            Access::Keys(keys) => format!("{} authorized key(s)", keys.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMK3E8BwfafImIu4Vn5vgsuymIbdCuI9EoIMhgGTAN+3 ann@example";

    #[test]
    fn reads_keys_and_matches_only_them() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("authorized_keys");
        std::fs::write(&path, format!("# team\n\n{KEY_A}\n")).unwrap();
        let access = Access::from_authorized_keys(&path).unwrap();
        assert!(!access.allows_anyone());
        let a: PublicKey = KEY_A.parse().unwrap();
        assert!(access.allows_key(&a));
        let other =
            russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .unwrap();
        assert!(!access.allows_key(other.public_key()));
        assert!(Access::Open.allows_key(other.public_key()));
    }

    #[test]
    fn bad_files_name_the_file_and_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, format!("{KEY_A}\nssh-ed25519 garbage\n")).unwrap();
        let err = Access::from_authorized_keys(&path).unwrap_err();
        assert!(
            err.contains("keys:2: not an authorized_keys entry"),
            "{err}"
        );
        std::fs::write(&path, "# nothing\n").unwrap();
        let err = Access::from_authorized_keys(&path).unwrap_err();
        assert!(err.contains("no public keys"), "{err}");
        let err = Access::from_authorized_keys(&dir.path().join("missing")).unwrap_err();
        assert!(err.contains("missing"), "{err}");
    }
}
