//! The server's log: one line on stderr per connection, session start and end,
//! and refusal, as `refrain: EVENT key=value …` so a person can read it and
//! `grep`/`awk` can pick it apart. Values with spaces are quoted.
//!
//! Events: `connect`, `disconnect`, `session-start`, `session-end`, `refused`,
//! plus `listening`, `host-key` and `shutdown` for the server itself.

use std::fmt::Write as _;
use std::net::SocketAddr;
use std::time::Duration;

/// Who a log line is about: one TCP connection.
#[derive(Debug, Clone)]
pub struct Peer {
    /// Connection number, counting from 1 since the server started.
    pub id: u64,
    /// The client's address.
    pub addr: SocketAddr,
}

/// One log line being assembled.
#[derive(Debug)]
pub struct Line {
    text: String,
}

/// Starts a line for `event` about `peer`.
pub fn event(event: &str, peer: &Peer) -> Line {
    Line {
        text: format!("refrain: {event} conn={} addr={}", peer.id, peer.addr),
    }
}

/// Starts a line for a server-wide `event`.
pub fn server(event: &str) -> Line {
    Line {
        text: format!("refrain: {event}"),
    }
}

impl Line {
    /// Adds `key=value` (quoted when the value is empty or has spaces/quotes).
    pub fn field(mut self, key: &str, value: impl std::fmt::Display) -> Self {
        let value = value.to_string();
        if value.is_empty()
            || value.contains([' ', '"', '='])
            || value.chars().any(char::is_control)
        {
            let _ = write!(self.text, " {key}={value:?}");
        } else {
            let _ = write!(self.text, " {key}={value}");
        }
        self
    }

    /// Adds `user=NAME` when a user name is known.
    pub fn user(self, user: &str) -> Self {
        if user.is_empty() {
            self
        } else {
            self.field("user", user)
        }
    }

    /// Adds `duration=1.2s`.
    pub fn duration(self, d: Duration) -> Self {
        self.field("duration", format!("{:.1}s", d.as_secs_f64()))
    }

    /// The finished line, without a newline.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Writes the line to stderr (sanitised: a client-chosen value such as a
    /// user name never reaches the operator's terminal as escape sequences).
    pub fn emit(self) {
        eprintln!("{}", crate::sanitize::sanitize(&self.text));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_key_value_with_quoting() {
        let peer = Peer {
            id: 7,
            addr: "127.0.0.1:4022".parse().unwrap(),
        };
        let line = event("refused", &peer)
            .user("ann")
            .field("reason", "exec request: ls -l")
            .duration(Duration::from_millis(1530));
        assert_eq!(
            line.text(),
            "refrain: refused conn=7 addr=127.0.0.1:4022 user=ann \
             reason=\"exec request: ls -l\" duration=1.5s"
        );
        assert_eq!(
            event("connect", &peer).user("").field("x", "").text(),
            "refrain: connect conn=7 addr=127.0.0.1:4022 x=\"\""
        );
    }
}
