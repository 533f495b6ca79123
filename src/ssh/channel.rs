//! The task that runs one reader session on an SSH channel: waits for input,
//! window changes, the idle timer and the server's shutdown, feeds the
//! [`ReaderSession`], and sends the frames it draws.
//!
//! Output is bounded: a frame is sent (and awaited, under russh's flow control)
//! before the next input is read, and queued input is folded into one frame. A
//! client that accepts no output for `--write-timeout` is disconnected instead
//! of making the server buffer for it. The session ends with the terminal
//! restored, a line saying why when the server ended it, the exit status (0
//! when the user quit, 1 otherwise) and the channel closed.

use super::limits::SlotGuard;
use super::log::{self, Peer};
use super::server::{KillSwitch, Shared};
use super::session::ReaderSession;
use russh::server::Handle;
use russh::{ChannelId, Disconnect};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};
use tokio::time::{Instant, sleep_until, timeout};

/// What the connection handler holds to talk to a running session task.
#[derive(Debug)]
pub struct SessionLink {
    /// Client bytes; dropping the sender ends the session (client gone).
    pub input: mpsc::Sender<Vec<u8>>,
    /// The latest (clamped) window size.
    pub size: watch::Sender<(u16, u16)>,
}

/// Everything a session task owns.
pub struct SessionTask {
    /// Server-wide state.
    pub shared: Arc<Shared>,
    /// Sends to the client.
    pub handle: Handle,
    /// The session channel.
    pub channel: ChannelId,
    /// The reader being served.
    pub reader: ReaderSession,
    /// Client bytes from the handler.
    pub input: mpsc::Receiver<Vec<u8>>,
    /// Window sizes from the handler.
    pub size: watch::Receiver<(u16, u16)>,
    /// The session's place under `--max-sessions`, given back at the end.
    pub slot: SlotGuard,
    /// Who is connected (for the log).
    pub peer: Peer,
    /// The user name (for the log).
    pub user: String,
    /// The client's TERM (for the log).
    pub term: String,
    /// Cuts the TCP connection of a client that stopped reading.
    pub kill: KillSwitch,
}

/// Why a session ended.
#[derive(Debug)]
enum End {
    Quit,
    ClientGone,
    Idle(Duration),
    Shutdown,
    Stalled,
    Failed(String),
}

impl End {
    fn reason(&self) -> String {
        match self {
            End::Quit => "quit".into(),
            End::ClientGone => "client closed".into(),
            End::Idle(d) => format!("idle for {}s", d.as_secs()),
            End::Shutdown => "server shutdown".into(),
            End::Stalled => "client stopped reading".into(),
            End::Failed(e) => format!("error: {e}"),
        }
    }

    /// The line shown to the client, and the exit status.
    fn farewell(&self) -> Option<(Option<String>, u32)> {
        match self {
            End::Quit => Some((None, 0)),
            End::Idle(d) => Some((Some(format!("closed after {} without input", human(*d))), 1)),
            End::Shutdown => Some((Some("the server is shutting down".into()), 1)),
            End::Failed(_) => Some((Some("internal error, session closed".into()), 1)),
            End::ClientGone | End::Stalled => None,
        }
    }
}

fn human(d: Duration) -> String {
    let s = d.as_secs();
    if s >= 60 && s.is_multiple_of(60) {
        format!("{} minute{}", s / 60, if s == 60 { "" } else { "s" })
    } else {
        format!("{s} second{}", if s == 1 { "" } else { "s" })
    }
}

/// Runs the session to its end, then logs it.
pub async fn run(mut task: SessionTask) {
    let started = Instant::now();
    let (cols, rows) = task.reader.size();
    log::event("session-start", &task.peer)
        .user(&task.user)
        .field("term", &task.term)
        .field("size", format!("{cols}x{rows}"))
        .field("sessions", task.shared.slots.active())
        .emit();
    let end = task.serve().await;
    if let Some((message, status)) = end.farewell() {
        let bytes = task.reader.finish(message.as_deref());
        let limit = task.shared.limits.write_timeout;
        let bye = async {
            task.handle.data(task.channel, bytes).await.ok()?;
            task.handle
                .exit_status_request(task.channel, status)
                .await
                .ok()?;
            task.handle.eof(task.channel).await.ok()?;
            task.handle.close(task.channel).await.ok()
        };
        if timeout(limit, bye).await.is_err() {
            task.kill.kill();
        }
    } else if matches!(end, End::Stalled) {
        let _ = timeout(
            Duration::from_secs(1),
            task.handle.disconnect(
                Disconnect::ByApplication,
                "client stopped reading".into(),
                String::new(),
            ),
        )
        .await;
        task.kill.kill();
    }
    log::event("session-end", &task.peer)
        .user(&task.user)
        .duration(started.elapsed())
        .field("reason", end.reason())
        .emit();
}

impl SessionTask {
    async fn serve(&mut self) -> End {
        let first = match self.reader.start() {
            Ok(b) => b,
            Err(e) => return End::Failed(e.to_string()),
        };
        if let Err(end) = self.send(first).await {
            return end;
        }
        let idle = self.shared.limits.idle_timeout;
        let mut shutdown = self.shared.shutdown.clone();
        let mut last_input = Instant::now();
        loop {
            if *shutdown.borrow_and_update() {
                return End::Shutdown;
            }
            let idle_at = idle.map(|d| last_input + d);
            let busy = self.reader.busy();
            tokio::select! {
                changed = shutdown.changed() => {
                    if changed.is_err() || *shutdown.borrow() {
                        return End::Shutdown;
                    }
                }
                msg = self.input.recv() => match msg {
                    None => return End::ClientGone,
                    Some(bytes) => {
                        last_input = Instant::now();
                        self.reader.feed(&bytes);
                        // Fold whatever else is already queued into this frame.
                        while !self.reader.should_quit() {
                            match self.input.try_recv() {
                                Ok(more) => self.reader.feed(&more),
                                Err(_) => break,
                            }
                        }
                    }
                },
                changed = self.size.changed() => {
                    if changed.is_err() {
                        return End::ClientGone;
                    }
                    let size = *self.size.borrow_and_update();
                    if let Err(e) = self.reader.resize(size) {
                        return End::Failed(e.to_string());
                    }
                }
                () = sleep_until_opt(idle_at) => {
                    return End::Idle(idle.unwrap_or_default());
                }
                // A re-analysis runs: draw its progress (render ticks the app).
                () = sleep_until_opt(busy.then(|| Instant::now() + super::session::TICK)) => {}
            }
            if self.reader.should_quit() {
                return End::Quit;
            }
            match self.reader.render() {
                Ok(bytes) if bytes.is_empty() => {}
                Ok(bytes) => {
                    if let Err(end) = self.send(bytes).await {
                        return end;
                    }
                }
                Err(e) => return End::Failed(e.to_string()),
            }
        }
    }

    /// Sends one frame, waiting at most `--write-timeout` for the client to
    /// make room for it.
    async fn send(&self, bytes: Vec<u8>) -> Result<(), End> {
        match timeout(
            self.shared.limits.write_timeout,
            self.handle.data(self.channel, bytes),
        )
        .await
        {
            Ok(Ok(())) => Ok(()),
            Ok(Err(_)) => Err(End::ClientGone),
            Err(_) => Err(End::Stalled),
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}
