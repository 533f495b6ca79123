//! The limits that make `refrain serve` safe to leave running: how many reader
//! sessions at once, how long a login and an idle session may last, how large a
//! window may be, how long a client may stop reading, and how many connections
//! one source address may open per minute.
//!
//! Pure bookkeeping (no I/O): [`Limits`] holds the numbers, [`SessionSlots`]
//! counts running sessions, [`RateLimiter`] is a token bucket per address.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// Every limit of the server, with the defaults of `refrain serve`.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// Reader sessions running at once; the next client is told the server is full.
    pub max_sessions: usize,
    /// Time from TCP connect until the reader must have started (auth, pty, shell).
    pub login_grace: Duration,
    /// A session without input for this long is closed with a message (`None`: never).
    pub idle_timeout: Option<Duration>,
    /// Largest window served, in columns; larger windows are clamped.
    pub max_cols: u16,
    /// Largest window served, in rows; larger windows are clamped.
    pub max_rows: u16,
    /// A client that accepts no output for this long is disconnected.
    pub write_timeout: Duration,
    /// New connections per minute from one source address (0: unlimited).
    pub rate_per_minute: u32,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_sessions: 32,
            login_grace: Duration::from_secs(30),
            idle_timeout: Some(Duration::from_secs(600)),
            max_cols: 500,
            max_rows: 200,
            write_timeout: Duration::from_secs(30),
            rate_per_minute: 30,
        }
    }
}

impl Limits {
    /// Open TCP connections allowed at once (sessions plus those still logging in);
    /// beyond this, new connections are dropped before the SSH handshake.
    pub fn max_connections(&self) -> usize {
        self.max_sessions.saturating_mul(2).saturating_add(16)
    }

    /// The window size actually served for a client asking for `cols`x`rows`:
    /// zero (unknown) becomes 80x24, anything larger than the limit is clamped.
    pub fn clamp_size(&self, cols: u32, rows: u32) -> (u16, u16) {
        let fit = |v: u32, default: u16, max: u16| {
            if v == 0 {
                default.min(max)
            } else {
                v.min(u32::from(max)) as u16
            }
        };
        (fit(cols, 80, self.max_cols), fit(rows, 24, self.max_rows))
    }
}

/// Parses a `COLSxROWS` window size such as `500x200`.
pub fn parse_size(text: &str) -> Result<(u16, u16), String> {
    let bad = || format!("--max-size must look like 500x200, not {text:?}");
    let (c, r) = text.split_once(['x', 'X']).ok_or_else(bad)?;
    let c: u16 = c.trim().parse().map_err(|_| bad())?;
    let r: u16 = r.trim().parse().map_err(|_| bad())?;
    if c < 10 || r < 3 {
        return Err(format!("--max-size {text} is too small (at least 10x3)"));
    }
    Ok((c, r))
}

/// Counts running reader sessions against a maximum.
#[derive(Debug, Clone)]
pub struct SessionSlots {
    max: usize,
    active: Arc<AtomicUsize>,
}

/// A taken session slot, given back when dropped.
#[derive(Debug)]
pub struct SlotGuard {
    active: Arc<AtomicUsize>,
}

impl SessionSlots {
    /// Room for `max` sessions.
    pub fn new(max: usize) -> Self {
        SessionSlots {
            max,
            active: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// Takes a slot, or `None` when all `max` are in use.
    pub fn try_acquire(&self) -> Option<SlotGuard> {
        let taken = self
            .active
            .fetch_update(Ordering::AcqRel, Ordering::Acquire, |n| {
                (n < self.max).then_some(n + 1)
            });
        taken.ok().map(|_| SlotGuard {
            active: self.active.clone(),
        })
    }

    /// Sessions running now.
    pub fn active(&self) -> usize {
        self.active.load(Ordering::Acquire)
    }

    /// The maximum.
    pub fn max(&self) -> usize {
        self.max
    }
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.active.fetch_sub(1, Ordering::AcqRel);
    }
}

/// A token bucket per source address: each address may open `per_minute`
/// connections in a burst, and earns them back at `per_minute` per minute.
#[derive(Debug)]
pub struct RateLimiter {
    per_minute: u32,
    buckets: Mutex<HashMap<IpAddr, Bucket>>,
}

#[derive(Debug, Clone, Copy)]
struct Bucket {
    tokens: f64,
    last: Instant,
}

/// Addresses remembered before full buckets are forgotten.
const MAX_TRACKED: usize = 4096;

impl RateLimiter {
    /// A limiter allowing `per_minute` connections per address (0: unlimited).
    pub fn new(per_minute: u32) -> Self {
        RateLimiter {
            per_minute,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Whether `ip` may open a connection at `now`; takes one token if so.
    pub fn allow(&self, ip: IpAddr, now: Instant) -> bool {
        if self.per_minute == 0 {
            return true;
        }
        let cap = f64::from(self.per_minute);
        let per_sec = cap / 60.0;
        let mut buckets = self.buckets.lock().unwrap_or_else(|e| e.into_inner());
        if buckets.len() >= MAX_TRACKED && !buckets.contains_key(&ip) {
            buckets.retain(|_, b| {
                b.tokens + now.saturating_duration_since(b.last).as_secs_f64() * per_sec < cap
            });
        }
        let bucket = buckets.entry(ip).or_insert(Bucket {
            tokens: cap,
            last: now,
        });
        let earned = now.saturating_duration_since(bucket.last).as_secs_f64() * per_sec;
        bucket.tokens = (bucket.tokens + earned).min(cap);
        bucket.last = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slots_refuse_past_the_maximum_and_come_back() {
        let slots = SessionSlots::new(2);
        let a = slots.try_acquire().unwrap();
        let _b = slots.try_acquire().unwrap();
        assert!(slots.try_acquire().is_none());
        assert_eq!(slots.active(), 2);
        drop(a);
        assert_eq!(slots.active(), 1);
        assert!(slots.try_acquire().is_some());
    }

    #[test]
    fn rate_limit_allows_a_burst_then_refills() {
        let limiter = RateLimiter::new(3);
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        let other: IpAddr = "192.0.2.8".parse().unwrap();
        let t0 = Instant::now();
        assert!(limiter.allow(ip, t0));
        assert!(limiter.allow(ip, t0));
        assert!(limiter.allow(ip, t0));
        assert!(!limiter.allow(ip, t0));
        assert!(limiter.allow(other, t0), "addresses are counted apart");
        // 3 per minute: one more token after 20 seconds.
        assert!(!limiter.allow(ip, t0 + Duration::from_secs(19)));
        assert!(limiter.allow(ip, t0 + Duration::from_secs(40)));
        assert!(RateLimiter::new(0).allow(ip, t0));
    }

    #[test]
    fn window_sizes_are_clamped() {
        let limits = Limits::default();
        assert_eq!(limits.clamp_size(100, 30), (100, 30));
        assert_eq!(limits.clamp_size(5000, 900), (500, 200));
        assert_eq!(limits.clamp_size(0, 0), (80, 24));
    }

    #[test]
    fn sizes_parse() {
        assert_eq!(parse_size("500x200"), Ok((500, 200)));
        assert!(parse_size("500").unwrap_err().contains("500x200"));
        assert!(parse_size("5x2").unwrap_err().contains("too small"));
    }
}
