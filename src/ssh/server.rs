//! The accept loop: takes TCP connections, applies the per-address rate limit
//! and the connection cap, runs the SSH protocol on each (russh `run_stream`),
//! enforces the login grace time, and on shutdown stops accepting, tells every
//! session, and waits (briefly) for them to close.
//!
//! A refused connection (over the rate limit, too many open connections) or
//! one still in its handshake at shutdown is told why with an SSH disconnect
//! message written by hand ([`disconnect_packet`]: the version line and one
//! unencrypted `SSH_MSG_DISCONNECT`, which is valid before key exchange), so
//! OpenSSH prints `Received disconnect from …: too many connections …` instead
//! of "Connection reset by peer"; no key exchange is spent on it.

use super::auth::Access;
use super::connection::Connection;
use super::limits::{Limits, RateLimiter, SessionSlots};
use super::log::{self, Peer};
use crate::keymap::Keymap;
use crate::reuse::Analysis;
use russh::Disconnect;
use russh::server::{Config, run_stream};
use std::io::Write as _;
use std::net::Shutdown;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::JoinSet;
use tokio::time::{Instant, sleep_until, timeout};

/// How long sessions get to say goodbye after SIGINT/SIGTERM.
const SHUTDOWN_WAIT: Duration = Duration::from_secs(5);

/// What every connection and session shares, read-only.
pub struct Shared {
    /// The analysis, computed once at start.
    pub analysis: Arc<Analysis>,
    /// The where-else index of the analysis's text, built by the first
    /// session that asks and shared by all of them.
    pub query: crate::reuse::query::SharedQueryIndex,
    /// The keymap every session starts from.
    pub keymap: Arc<Keymap>,
    /// The shared triage marks file (`--marks`), if any.
    pub marks: Option<std::path::PathBuf>,
    /// The server's limits.
    pub limits: Limits,
    /// Who may log in.
    pub access: Access,
    /// Running sessions against `--max-sessions`.
    pub slots: SessionSlots,
    /// Becomes true when the server is shutting down.
    pub shutdown: watch::Receiver<bool>,
    /// Test hook: a session whose input contains these bytes panics inside
    /// the app (from `REFRAIN_DEBUG_PANIC_ON`; see `channel.rs`).
    pub debug_panic_on: Option<Vec<u8>>,
}

/// A second handle on a client's TCP socket that can cut the connection even
/// while russh is blocked writing to it (a client that stopped reading).
#[derive(Debug, Clone)]
pub struct KillSwitch(Arc<std::net::TcpStream>);

impl KillSwitch {
    /// Splits `tcp` into the stream russh will own and a kill switch on it.
    fn wrap(tcp: TcpStream) -> std::io::Result<(TcpStream, KillSwitch)> {
        let std = tcp.into_std()?;
        let clone = std.try_clone()?;
        Ok((TcpStream::from_std(std)?, KillSwitch(Arc::new(clone))))
    }

    /// Shuts the socket down in both directions; russh's reads and writes fail
    /// and the connection ends.
    pub fn kill(&self) {
        let _ = self.0.shutdown(Shutdown::Both);
    }

    /// Writes an SSH disconnect with `message` straight to the socket (for a
    /// connection still before key exchange, so the packet is unencrypted),
    /// then cuts the connection.
    pub fn goodbye(&self, message: &str) {
        let _ = (&*self.0).write_all(&disconnect_packet(DISCONNECT_BY_APPLICATION, message));
        self.kill();
    }
}

/// `SSH_DISCONNECT_TOO_MANY_CONNECTIONS` (RFC 4253, 11.1).
const DISCONNECT_TOO_MANY_CONNECTIONS: u32 = 12;
/// `SSH_DISCONNECT_BY_APPLICATION` (RFC 4253, 11.1).
const DISCONNECT_BY_APPLICATION: u32 = 11;

/// Refused connections being told why at once; beyond this they are just closed.
const MAX_REFUSING: usize = 64;

/// One unencrypted SSH binary packet (RFC 4253, 6) holding
/// `SSH_MSG_DISCONNECT` with `reason` and `message`, as sent before key
/// exchange: length, padding length, payload, at least 4 bytes of padding, the
/// whole a multiple of 8 bytes.
pub fn disconnect_packet(reason: u32, message: &str) -> Vec<u8> {
    let mut payload = vec![1u8]; // SSH_MSG_DISCONNECT
    payload.extend_from_slice(&reason.to_be_bytes());
    payload.extend_from_slice(&(message.len() as u32).to_be_bytes());
    payload.extend_from_slice(message.as_bytes());
    payload.extend_from_slice(&0u32.to_be_bytes()); // language tag
    let mut padding = 8 - (5 + payload.len()) % 8;
    if padding < 4 {
        padding += 8;
    }
    let length = 1 + payload.len() + padding;
    let mut packet = Vec::with_capacity(4 + length);
    packet.extend_from_slice(&(length as u32).to_be_bytes());
    packet.push(padding as u8);
    packet.extend_from_slice(&payload);
    packet.resize(packet.len() + padding, 0);
    packet
}

/// Tells a client refused before the SSH handshake why, in words its ssh
/// prints: the version line and a disconnect packet, then waits (at most two
/// seconds) for the client to close, so that it reads the message instead of a
/// connection reset.
async fn refuse(mut tcp: TcpStream, message: String) {
    let _ = timeout(Duration::from_secs(2), async {
        tcp.write_all(b"SSH-2.0-refrain\r\n").await?;
        tcp.write_all(&disconnect_packet(
            DISCONNECT_TOO_MANY_CONNECTIONS,
            &message,
        ))
        .await?;
        tcp.shutdown().await?;
        let mut buf = [0u8; 4096];
        while tcp.read(&mut buf).await? > 0 {}
        Ok::<_, std::io::Error>(())
    })
    .await;
}

/// Serves `listener` until `stop` turns true, then shuts down gracefully.
pub async fn run(
    listener: TcpListener,
    shared: Arc<Shared>,
    config: Arc<Config>,
    mut stop: watch::Receiver<bool>,
) {
    let limiter = RateLimiter::new(shared.limits.rate_per_minute);
    let open = Arc::new(AtomicUsize::new(0));
    let refusing = Arc::new(AtomicUsize::new(0));
    let mut tasks = JoinSet::new();
    let mut next_id = 0u64;
    loop {
        tokio::select! {
            _ = stop.changed() => break,
            Some(_) = tasks.join_next(), if !tasks.is_empty() => {}
            accepted = listener.accept() => {
                let (tcp, addr) = match accepted {
                    Ok(a) => a,
                    Err(e) => {
                        // Out of file descriptors and the like: wait, do not spin.
                        log::server("accept-error").field("error", e).emit();
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        continue;
                    }
                };
                next_id += 1;
                let peer = Peer { id: next_id, addr };
                let refusal = if !limiter.allow(addr.ip(), std::time::Instant::now()) {
                    Some(("connection rate limit", format!(
                        "too many connections from {}; try again in a minute", addr.ip())))
                } else if open.load(Ordering::Acquire) >= shared.limits.max_connections() {
                    Some(("too many open connections",
                        "the server is busy (too many open connections); try again later".to_string()))
                } else {
                    None
                };
                if let Some((reason, message)) = refusal {
                    log::event("refused", &peer).field("reason", reason).emit();
                    if refusing.fetch_add(1, Ordering::AcqRel) < MAX_REFUSING {
                        let refusing = refusing.clone();
                        tokio::spawn(async move {
                            refuse(tcp, message).await;
                            refusing.fetch_sub(1, Ordering::AcqRel);
                        });
                    } else {
                        refusing.fetch_sub(1, Ordering::AcqRel);
                    }
                    continue;
                }
                open.fetch_add(1, Ordering::AcqRel);
                let (shared, config, open) = (shared.clone(), config.clone(), open.clone());
                tasks.spawn(async move {
                    connection(shared, config, tcp, peer).await;
                    open.fetch_sub(1, Ordering::AcqRel);
                });
            }
        }
    }
    drop(listener);
    log::server("shutdown")
        .field("sessions", shared.slots.active())
        .field("connections", tasks.len())
        .emit();
    let _ = timeout(SHUTDOWN_WAIT, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    tasks.shutdown().await;
}

/// Runs one connection from TCP accept to close, and logs it.
async fn connection(shared: Arc<Shared>, config: Arc<Config>, tcp: TcpStream, peer: Peer) {
    let t0 = Instant::now();
    log::event("connect", &peer).emit();
    let _ = tcp.set_nodelay(true);
    let (tcp, kill) = match KillSwitch::wrap(tcp) {
        Ok(x) => x,
        Err(e) => {
            log::event("disconnect", &peer).field("reason", e).emit();
            return;
        }
    };
    let started = Arc::new(AtomicBool::new(false));
    let handler = Connection::new(shared.clone(), peer.clone(), started.clone(), kill.clone());
    let grace_at = t0 + shared.limits.login_grace;
    let mut shutdown = shared.shutdown.clone();
    // Until the client has sent its version line, russh owns the socket and
    // is waiting: the grace time and a shutdown are watched here.
    let handshake = tokio::time::timeout_at(grace_at, run_stream(config, tcp, handler));
    tokio::pin!(handshake);
    let mut watching = true;
    let running = loop {
        if watching && *shutdown.borrow_and_update() {
            kill.goodbye("the server is shutting down");
            log::event("disconnect", &peer)
                .duration(t0.elapsed())
                .field("reason", "server shutdown")
                .emit();
            return;
        }
        tokio::select! {
            r = &mut handshake => match r {
                Ok(Ok(running)) => break running,
                Ok(Err(e)) => {
                    log::event("disconnect", &peer)
                        .duration(t0.elapsed())
                        .field("reason", format!("handshake failed: {e}"))
                        .emit();
                    return;
                }
                Err(_) => {
                    log::event("refused", &peer)
                        .field("reason", "login grace time exceeded")
                        .emit();
                    kill.goodbye("login grace time exceeded");
                    return;
                }
            },
            changed = shutdown.changed(), if watching => {
                watching = changed.is_ok();
            }
        }
    };
    let handle = running.handle();
    tokio::pin!(running);
    let mut grace_armed = true;
    let mut kill_at: Option<Instant> = None;
    let mut shutdown_seen = !watching;
    let mut closed_for_shutdown = false;
    if *shutdown.borrow() && !shutdown_seen {
        shutdown_seen = true;
        closed_for_shutdown = true;
        let _ = timeout(
            Duration::from_secs(1),
            handle.disconnect(
                Disconnect::ByApplication,
                "server shutting down".into(),
                String::new(),
            ),
        )
        .await;
        kill_at = Some(Instant::now() + Duration::from_secs(2));
    }
    let result = loop {
        tokio::select! {
            r = &mut running => break r,
            () = sleep_until(grace_at), if grace_armed => {
                grace_armed = false;
                if !started.load(Ordering::Acquire) {
                    log::event("refused", &peer).field("reason", "login grace time exceeded").emit();
                    let _ = timeout(Duration::from_secs(1), handle.disconnect(
                        Disconnect::ByApplication, "login grace time exceeded".into(), String::new())).await;
                    kill_at = Some(Instant::now() + Duration::from_secs(2));
                }
            }
            changed = shutdown.changed(), if !shutdown_seen => {
                shutdown_seen = true;
                if changed.is_ok() && !started.load(Ordering::Acquire) {
                    closed_for_shutdown = true;
                    let _ = timeout(Duration::from_secs(1), handle.disconnect(
                        Disconnect::ByApplication, "server shutting down".into(), String::new())).await;
                    kill_at = Some(Instant::now() + Duration::from_secs(2));
                }
            }
            () = sleep_until(kill_at.unwrap_or(grace_at)), if kill_at.is_some() => {
                kill.kill();
                kill_at = None;
            }
        }
    };
    let mut line = log::event("disconnect", &peer).duration(t0.elapsed());
    if closed_for_shutdown {
        line = line.field("reason", "server shutdown");
    } else if let Err(e) = result {
        line = match e {
            // The client hung up: the ordinary end of a connection.
            russh::Error::Disconnect | russh::Error::HUP => line,
            russh::Error::IO(ref io)
                if matches!(
                    io.kind(),
                    std::io::ErrorKind::UnexpectedEof
                        | std::io::ErrorKind::ConnectionReset
                        | std::io::ErrorKind::BrokenPipe
                ) =>
            {
                line
            }
            russh::Error::InactivityTimeout | russh::Error::KeepaliveTimeout => {
                line.field("reason", "client not responding")
            }
            other => line.field("error", other),
        };
    }
    line.emit();
    super::memory::give_back();
}
