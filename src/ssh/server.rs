//! The accept loop: takes TCP connections, applies the per-address rate limit
//! and the connection cap, runs the SSH protocol on each (russh `run_stream`),
//! enforces the login grace time, and on shutdown stops accepting, tells every
//! session, and waits (briefly) for them to close.

use super::auth::Access;
use super::connection::Connection;
use super::limits::{Limits, RateLimiter, SessionSlots};
use super::log::{self, Peer};
use crate::keymap::Keymap;
use crate::reuse::Analysis;
use russh::Disconnect;
use russh::server::{Config, run_stream};
use std::net::Shutdown;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::Duration;
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
                if !limiter.allow(addr.ip(), std::time::Instant::now()) {
                    log::event("refused", &peer).field("reason", "connection rate limit").emit();
                    continue;
                }
                if open.load(Ordering::Acquire) >= shared.limits.max_connections() {
                    log::event("refused", &peer).field("reason", "too many open connections").emit();
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
    let running = match tokio::time::timeout_at(grace_at, run_stream(config, tcp, handler)).await {
        Ok(Ok(running)) => running,
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
            return;
        }
    };
    let handle = running.handle();
    tokio::pin!(running);
    let mut shutdown = shared.shutdown.clone();
    let mut grace_armed = true;
    let mut shutdown_seen = false;
    let mut kill_at: Option<Instant> = None;
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
    if let Err(e) = result {
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
}
