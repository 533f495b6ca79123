//! Who may log in. By default anyone, with any user name and no password (a
//! demo: `ssh -p 2222 host` just works, with or without a key). With
//! `--authorized-keys FILE`, only the public keys listed in that file (OpenSSH
//! `authorized_keys` format) are let in.
//!
//! Key options: `from="PATTERN,…"` is honoured against the client's address
//! (`*` and `?` wildcards, `!` to exclude, `ADDR/BITS` CIDR blocks; host names
//! are not looked up, so a name pattern never matches) and
//! `expiry-time="YYYYMMDD[HHMM[SS]]"` (local time, or UTC with a trailing `Z`,
//! as OpenSSH reads it). `restrict`, `no-port-forwarding`,
//! `no-agent-forwarding`, `no-X11-forwarding`, `no-user-rc` and `pty` are
//! accepted: refrain never allows what they forbid. A line with any other option
//! (`command=`, `permitopen=`, `environment=`, `no-pty`, …) is not used, with a
//! start-up warning naming the file, the line and the option, because refrain
//! cannot honour what it asks.
//!
//! Whatever the access, a session only ever offers the reader: see
//! `connection.rs` for the requests that are refused.

use russh::MethodKind;
use russh::MethodSet;
use russh::keys::ssh_key::authorized_keys::Entry;
use russh::keys::{PublicKey, ssh_key::public::KeyData};
use std::net::IpAddr;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

/// The access policy of a server.
#[derive(Debug, Clone)]
pub enum Access {
    /// Anyone: the `none`, `keyboard-interactive` (no prompts) and `publickey`
    /// (any key) methods all succeed.
    Open,
    /// Only these public keys, by `publickey` authentication.
    Keys(Vec<AuthorizedKey>),
}

/// One usable line of an `authorized_keys` file.
#[derive(Debug, Clone)]
pub struct AuthorizedKey {
    /// The public key.
    pub key: KeyData,
    /// `from=`: the address patterns the key may be used from (`None`: anywhere).
    pub from: Option<Vec<String>>,
    /// `expiry-time=`: seconds since the Unix epoch after which the key is refused.
    pub expires: Option<i64>,
}

/// Options refrain accepts because it never allows what they forbid.
const HARMLESS: &[&str] = &[
    "restrict",
    "no-port-forwarding",
    "no-agent-forwarding",
    "no-x11-forwarding",
    "no-user-rc",
    "pty",
];

impl AuthorizedKey {
    /// Reads the options of one entry; `Err` names the option refrain cannot honour.
    fn from_entry(entry: &Entry) -> Result<AuthorizedKey, String> {
        let mut key = AuthorizedKey {
            key: entry.public_key().key_data().clone(),
            from: None,
            expires: None,
        };
        for option in entry.config_opts().iter() {
            let (name, value) = match option.split_once('=') {
                Some((n, v)) => (n.to_ascii_lowercase(), Some(v.trim_matches('"'))),
                None => (option.to_ascii_lowercase(), None),
            };
            match (name.as_str(), value) {
                ("from", Some(v)) => {
                    let patterns: Vec<String> = v.split(',').map(str::to_string).collect();
                    for p in &patterns {
                        check_pattern(p.strip_prefix('!').unwrap_or(p))?;
                    }
                    key.from = Some(patterns);
                }
                ("expiry-time", Some(v)) => {
                    key.expires = Some(parse_expiry(v).ok_or_else(|| {
                        format!("expiry-time=\"{v}\" is not YYYYMMDD[HHMM[SS]][Z]")
                    })?);
                }
                (n, None) if HARMLESS.contains(&n) => {}
                (n, Some(_)) => return Err(format!("option {n}= is not supported by refrain")),
                (n, None) => return Err(format!("option {n} is not supported by refrain")),
            }
        }
        Ok(key)
    }

    /// Why this key may not be used from `ip` at `now`, or `None` when it may.
    pub fn refusal(&self, ip: IpAddr, now: SystemTime) -> Option<String> {
        if let Some(expires) = self.expires {
            let now = now
                .duration_since(UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64);
            if now >= expires {
                return Some("key expired (expiry-time)".to_string());
            }
        }
        if let Some(from) = &self.from
            && !address_allowed(from, ip)
        {
            return Some(format!("key not allowed from {} (from=)", canonical(ip)));
        }
        None
    }
}

/// A `from=` entry must be an address pattern or a CIDR block.
fn check_pattern(p: &str) -> Result<(), String> {
    if p.is_empty() {
        return Err("from= has an empty pattern".to_string());
    }
    if p.contains('/') && parse_cidr(p).is_none() {
        return Err(format!("from= has a bad address block {p:?}"));
    }
    Ok(())
}

/// The client address as OpenSSH would compare it (an IPv4 address mapped
/// into IPv6 as plain IPv4).
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// OpenSSH's `from=` rule: the address must match one pattern and no negated one.
pub fn address_allowed(patterns: &[String], ip: IpAddr) -> bool {
    let ip = canonical(ip);
    let text = ip.to_string();
    let mut allowed = false;
    for pattern in patterns {
        let (negated, p) = match pattern.strip_prefix('!') {
            Some(p) => (true, p),
            None => (false, pattern.as_str()),
        };
        let matched = if p.contains('/') {
            parse_cidr(p).is_some_and(|(net, bits)| in_block(ip, net, bits))
        } else {
            glob(p.as_bytes(), text.as_bytes())
        };
        if matched {
            if negated {
                return false;
            }
            allowed = true;
        }
    }
    allowed
}

/// `ADDR/BITS` as an address and a prefix length valid for its family.
fn parse_cidr(p: &str) -> Option<(IpAddr, u8)> {
    let (addr, bits) = p.split_once('/')?;
    let addr: IpAddr = addr.parse().ok()?;
    let bits: u8 = bits.parse().ok()?;
    let max = if addr.is_ipv4() { 32 } else { 128 };
    (bits <= max).then_some((addr, bits))
}

/// Whether `ip` lies in the block `net/bits` (same family only).
fn in_block(ip: IpAddr, net: IpAddr, bits: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = u32::MAX.checked_shl(32 - u32::from(bits)).unwrap_or(0);
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = u128::MAX.checked_shl(128 - u32::from(bits)).unwrap_or(0);
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Shell-style match of `text` against `pattern` with `*` and `?`
/// (ASCII case-insensitive, as OpenSSH matches host patterns).
fn glob(pattern: &[u8], text: &[u8]) -> bool {
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == b'?' || pattern[p].eq_ignore_ascii_case(&text[t])) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == b'*' {
            star = Some((p, t));
            p += 1;
        } else if let Some((sp, st)) = star {
            p = sp + 1;
            t = st + 1;
            star = Some((sp, st + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == b'*')
}

/// `YYYYMMDD[HHMM[SS]]`, local time, or UTC with a trailing `Z`, as seconds
/// since the Unix epoch.
fn parse_expiry(v: &str) -> Option<i64> {
    let (digits, utc) = match v.strip_suffix(['Z', 'z']) {
        Some(d) => (d, true),
        None => (v, false),
    };
    if !matches!(digits.len(), 8 | 12 | 14) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let num = |r: std::ops::Range<usize>| digits.get(r).map_or(Some(0), |s| s.parse::<i64>().ok());
    let (y, mo, d) = (num(0..4)?, num(4..6)?, num(6..8)?);
    let (h, mi, s) = (num(8..10)?, num(10..12)?, num(12..14)?);
    if !(1..=12).contains(&mo) || !(1..=31).contains(&d) || h > 23 || mi > 59 || s > 60 {
        return None;
    }
    if utc {
        Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
    } else {
        local_time(y, mo, d, h, mi, s)
    }
}

/// Days from 1970-01-01 to the given proleptic Gregorian date (H. Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * (m + if m > 2 { -3 } else { 9 }) + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A local date and time as seconds since the epoch (the system time zone).
#[cfg(unix)]
fn local_time(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    // SAFETY: `tm` is a plain C struct; zeroed is a valid value, and mktime
    // only reads and normalises it.
    let mut tm: libc::tm = unsafe { std::mem::zeroed() };
    tm.tm_year = i32::try_from(y - 1900).ok()?;
    tm.tm_mon = (mo - 1) as i32;
    tm.tm_mday = d as i32;
    tm.tm_hour = h as i32;
    tm.tm_min = mi as i32;
    tm.tm_sec = s as i32;
    tm.tm_isdst = -1;
    // SAFETY: a valid, exclusively borrowed `tm`.
    let t = unsafe { libc::mktime(&mut tm) };
    (t != -1).then_some(t as i64)
}

/// A local date and time as seconds since the epoch (UTC where there is no time zone database).
#[cfg(not(unix))]
fn local_time(y: i64, mo: i64, d: i64, h: i64, mi: i64, s: i64) -> Option<i64> {
    Some(days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s)
}

impl Access {
    /// Reads an `authorized_keys` file: the access, and one warning per line
    /// that is not used because of an option refrain cannot honour. Errors are
    /// one line naming the file and the line.
    pub fn from_authorized_keys(path: &Path) -> Result<(Access, Vec<String>), String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut keys = Vec::new();
        let mut warnings = Vec::new();
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
            match AuthorizedKey::from_entry(&entry) {
                Ok(key) => keys.push(key),
                Err(why) => {
                    warnings.push(format!("{}:{}: key not used: {why}", path.display(), n + 1))
                }
            }
        }
        if keys.is_empty() {
            let why = warnings
                .first()
                .map_or(String::new(), |w| format!(" ({w})"));
            return Err(format!(
                "{}: no usable public keys in the authorized keys file{why}",
                path.display()
            ));
        }
        Ok((Access::Keys(keys), warnings))
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

    /// Whether `key` may log in from `ip` now: `Err` says why not, for the log.
    pub fn check_key(&self, key: &PublicKey, ip: IpAddr, now: SystemTime) -> Result<(), String> {
        match self {
            Access::Open => Ok(()),
            Access::Keys(keys) => {
                let mut why = None;
                for k in keys.iter().filter(|k| &k.key == key.key_data()) {
                    match k.refusal(ip, now) {
                        None => return Ok(()),
                        Some(w) => why = Some(w),
                    }
                }
                Err(why.unwrap_or_else(|| "public key not in --authorized-keys".to_string()))
            }
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
    use std::time::Duration;

    const KEY_A: &str = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIMK3E8BwfafImIu4Vn5vgsuymIbdCuI9EoIMhgGTAN+3 ann@example";

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    fn read(text: &str) -> Result<(Access, Vec<String>), String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keys");
        std::fs::write(&path, text).unwrap();
        Access::from_authorized_keys(&path)
    }

    #[test]
    fn reads_keys_and_matches_only_them() {
        let (access, warnings) = read(&format!("# team\n\n{KEY_A}\n")).unwrap();
        assert!(warnings.is_empty());
        assert!(!access.allows_anyone());
        let a: PublicKey = KEY_A.parse().unwrap();
        let now = SystemTime::now();
        assert_eq!(access.check_key(&a, ip("127.0.0.1"), now), Ok(()));
        let other =
            russh::keys::PrivateKey::random(&mut rand::rng(), russh::keys::Algorithm::Ed25519)
                .unwrap();
        assert_eq!(
            access.check_key(other.public_key(), ip("127.0.0.1"), now),
            Err("public key not in --authorized-keys".to_string())
        );
        assert_eq!(
            Access::Open.check_key(other.public_key(), ip("127.0.0.1"), now),
            Ok(())
        );
    }

    #[test]
    fn bad_files_name_the_file_and_line() {
        let err = read(&format!("{KEY_A}\nssh-ed25519 garbage\n")).unwrap_err();
        assert!(
            err.contains("keys:2: not an authorized_keys entry"),
            "{err}"
        );
        let err = read("# nothing\n").unwrap_err();
        assert!(err.contains("no usable public keys"), "{err}");
        let err = Access::from_authorized_keys(Path::new("/nonexistent/missing")).unwrap_err();
        assert!(err.contains("missing"), "{err}");
    }

    #[test]
    fn from_patterns_follow_openssh() {
        let allow = |list: &str, addr: &str| {
            let patterns: Vec<String> = list.split(',').map(str::to_string).collect();
            address_allowed(&patterns, ip(addr))
        };
        assert!(allow("10.9.9.9", "10.9.9.9"));
        assert!(!allow("10.9.9.9", "127.0.0.1"));
        assert!(allow("10.*", "10.1.2.3"));
        assert!(!allow("10.*", "110.1.2.3"));
        assert!(allow("192.168.1.?", "192.168.1.7"));
        assert!(!allow("192.168.1.?", "192.168.1.77"));
        assert!(allow("10.0.0.0/8", "10.200.3.4"));
        assert!(!allow("10.0.0.0/8", "11.0.0.1"));
        assert!(allow("127.0.0.1/32", "127.0.0.1"));
        assert!(allow("0.0.0.0/0", "203.0.113.9"));
        assert!(
            !allow("10.0.0.0/8,!10.1.2.3", "10.1.2.3"),
            "a negation wins"
        );
        assert!(allow("10.0.0.0/8,!10.1.2.3", "10.1.2.4"));
        assert!(
            !allow("!10.1.2.3", "10.9.9.9"),
            "only negations: nothing allowed"
        );
        assert!(allow("2001:db8::/32", "2001:db8::1"));
        assert!(!allow("2001:db8::/32", "2001:db9::1"));
        assert!(
            allow("127.0.0.1", "::ffff:127.0.0.1"),
            "mapped IPv4 is IPv4"
        );
        assert!(
            !allow("*.example.com", "127.0.0.1"),
            "names are not looked up"
        );
    }

    #[test]
    fn from_and_expiry_options_are_honoured() {
        let (access, warnings) = read(&format!("from=\"10.9.9.9\" {KEY_A}\n")).unwrap();
        assert!(warnings.is_empty());
        let a: PublicKey = KEY_A.parse().unwrap();
        let now = SystemTime::now();
        assert_eq!(
            access.check_key(&a, ip("127.0.0.1"), now),
            Err("key not allowed from 127.0.0.1 (from=)".to_string())
        );
        assert_eq!(access.check_key(&a, ip("10.9.9.9"), now), Ok(()));

        let (access, _) = read(&format!("expiry-time=\"20300101Z\" {KEY_A}\n")).unwrap();
        let y2030 = UNIX_EPOCH + Duration::from_secs(1_893_456_000); // 2030-01-01T00:00:00Z
        let before = y2030 - Duration::from_secs(1);
        assert_eq!(access.check_key(&a, ip("127.0.0.1"), before), Ok(()));
        assert_eq!(
            access.check_key(&a, ip("127.0.0.1"), y2030),
            Err("key expired (expiry-time)".to_string())
        );
        assert_eq!(
            parse_expiry("20300101120000Z"),
            Some(1_893_456_000 + 12 * 3600)
        );
        assert_eq!(
            parse_expiry("203001011230Z"),
            Some(1_893_456_000 + 12 * 3600 + 1800)
        );
        assert_eq!(parse_expiry("2030"), None);
        assert_eq!(parse_expiry("20301301"), None);
        assert!(parse_expiry("20300101").is_some(), "local time");

        // Restrictions refrain always applies are fine.
        let (_, warnings) = read(&format!(
            "restrict,no-port-forwarding,no-agent-forwarding,no-X11-forwarding,pty {KEY_A}\n"
        ))
        .unwrap();
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn options_refrain_cannot_honour_refuse_the_line_with_a_warning() {
        let other = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIDXWvxDnETyg3gT1CtCq8Ysg8OSoa0GY8dCJovq87vZQ bob@example";
        let (access, warnings) = read(&format!(
            "command=\"/bin/date\" {KEY_A}\npermitopen=\"host:80\" {KEY_A}\nno-pty {KEY_A}\nfrom=\"10.0.0.0/99\" {KEY_A}\n{other}\n"
        ))
        .unwrap();
        assert_eq!(
            warnings
                .iter()
                .map(|w| w.rsplit_once("keys:").unwrap().1.to_string())
                .collect::<Vec<_>>(),
            [
                "1: key not used: option command= is not supported by refrain",
                "2: key not used: option permitopen= is not supported by refrain",
                "3: key not used: option no-pty is not supported by refrain",
                "4: key not used: from= has a bad address block \"10.0.0.0/99\"",
            ]
        );
        let a: PublicKey = KEY_A.parse().unwrap();
        assert_eq!(
            access.check_key(&a, ip("127.0.0.1"), SystemTime::now()),
            Err("public key not in --authorized-keys".to_string())
        );
        let err = read(&format!("command=\"/bin/date\" {KEY_A}\n")).unwrap_err();
        assert!(err.contains("no usable public keys"), "{err}");
        assert!(err.contains("command="), "{err}");
    }
}
