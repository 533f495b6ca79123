//! The task that runs one reader session on an SSH channel: waits for input,
//! window changes, the idle timer and the server's shutdown, feeds the
//! [`ReaderSession`], and sends the frames it draws.
//!
//! Output is bounded: one frame is in flight at a time (awaited under russh's
//! flow control), and input that arrives meanwhile is handed to the app at once
//! and folded into the next frame, so input is never dropped and `q` never waits
//! behind output. The connection handler applies back-pressure (it stops reading
//! the channel while the input queue is full). A client that accepts no output
//! for `--write-timeout` is disconnected instead of making the server buffer
//! for it. The session ends with the terminal restored, a line saying why when
//! the server ended it, the exit status (0 when the user quit, 1 otherwise) and
//! the channel closed.
//!
//! A panic never leaves a session half-alive: every call into the app is run
//! under `catch_unwind` (a panic ends the session like an error: a one-line
//! message to the client, exit status 1, the channel closed, a `session-end`
//! line with `reason="panic: …"`), and [`supervise`] watches the whole task in
//! case anything else panics. The session slot is a guard owned by the task, so
//! it is given back exactly once however the task ends.
//!
//! For tests, `REFRAIN_DEBUG_PANIC_ON=TEXT` in the server's environment makes a
//! session panic inside the app when its input contains `TEXT` (see
//! [`super::Settings::debug_panic_on`]).

use super::limits::SlotGuard;
use super::log::{self, Peer};
use super::server::{KillSwitch, Shared};
use super::session::{RESTORE_TERMINAL, ReaderSession, notice};
use russh::server::Handle;
use russh::{ChannelId, Disconnect};
use std::any::Any;
use std::panic::{AssertUnwindSafe, catch_unwind};
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
    /// Times the connection stopped reading the client because this
    /// session's input queue was full (back-pressure), counted by the handler.
    pub held_back: Arc<std::sync::atomic::AtomicU64>,
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
    Panicked(String),
}

/// Input bytes folded into one frame before it is drawn (more waits for the
/// next frame, so a flood still shows progress and `q` is reached quickly).
const FOLD_BYTES: usize = 64 << 10;

/// The one-line message a client sees when its session failed.
const FAILED: &str = "internal error, session closed";

impl End {
    fn reason(&self) -> String {
        match self {
            End::Quit => "quit".into(),
            End::ClientGone => "client closed".into(),
            End::Idle(d) => format!("idle for {}s", d.as_secs()),
            End::Shutdown => "server shutdown".into(),
            End::Stalled => "client stopped reading".into(),
            End::Failed(e) => format!("error: {e}"),
            End::Panicked(e) => format!("panic: {e}"),
        }
    }

    /// The line shown to the client, and the exit status.
    fn farewell(&self) -> Option<(Option<String>, u32)> {
        match self {
            End::Quit => Some((None, 0)),
            End::Idle(d) => Some((Some(format!("closed after {} without input", human(*d))), 1)),
            End::Shutdown => Some((Some("the server is shutting down".into()), 1)),
            End::Failed(_) | End::Panicked(_) => Some((Some(FAILED.into()), 1)),
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

/// Runs `task` as its own tokio task and watches it: if it panics anywhere
/// outside the guarded app calls, the client still gets the terminal back, a
/// one-line message and a closed connection, and the log a `session-end` line.
pub async fn supervise(task: SessionTask) {
    let (peer, user, kill) = (task.peer.clone(), task.user.clone(), task.kill.clone());
    let (handle, channel) = (task.handle.clone(), task.channel);
    let limit = task.shared.limits.write_timeout;
    let started = Instant::now();
    let Err(e) = tokio::spawn(run(task)).await else {
        return;
    };
    let reason = if e.is_panic() {
        format!("panic: {}", panic_message(&*e.into_panic()))
    } else {
        "session task cancelled".to_string()
    };
    let mut bytes = RESTORE_TERMINAL.to_vec();
    bytes.extend_from_slice(&notice(FAILED));
    let bye = async {
        handle.data(channel, bytes).await.ok()?;
        handle.exit_status_request(channel, 1).await.ok()?;
        handle.eof(channel).await.ok()?;
        handle.close(channel).await.ok()
    };
    let _ = timeout(limit.min(Duration::from_secs(2)), bye).await;
    kill_soon(kill);
    log::event("session-end", &peer)
        .user(&user)
        .duration(started.elapsed())
        .field("reason", reason)
        .emit();
    super::memory::give_back();
}

/// Cuts the connection in two seconds, unless it ended by then.
fn kill_soon(kill: KillSwitch) {
    tokio::spawn(async move {
        tokio::time::sleep(Duration::from_secs(2)).await;
        kill.kill();
    });
}

/// The text of a panic payload (`panic!` with a string or a format).
fn panic_message(payload: &(dyn Any + Send)) -> String {
    if let Some(s) = payload.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
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
        let bytes = catch_unwind(AssertUnwindSafe(|| task.reader.finish(message.as_deref())))
            .unwrap_or_else(|_| {
                let mut b = RESTORE_TERMINAL.to_vec();
                b.extend_from_slice(&notice(FAILED));
                b
            });
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
    if matches!(end, End::Panicked(_)) {
        // The client leaves once its channel is closed; if it does not, the
        // connection is cut (not disconnected at once: russh would send the
        // disconnect ahead of the farewell still queued).
        kill_soon(task.kill.clone());
    }
    let mut line = log::event("session-end", &task.peer)
        .user(&task.user)
        .duration(started.elapsed())
        .field("reason", end.reason());
    let input = task.reader.input();
    line = line
        .field("input-bytes", input.bytes)
        .field("events", input.events)
        .field("handled", input.handled);
    if task.reader.coalesced() > 0 {
        line = line.field("coalesced", task.reader.coalesced());
    }
    if input.discarded > 0 {
        line = line.field("discarded", input.discarded);
    }
    let waits = task.held_back.load(std::sync::atomic::Ordering::Relaxed);
    if waits > 0 {
        line = line.field("held-back", waits);
    }
    line.emit();
    drop(task);
    super::memory::give_back();
}

impl SessionTask {
    async fn serve(&mut self) -> End {
        let first = match self.guarded(|r| r.start()) {
            Ok(Ok(b)) => b,
            Ok(Err(e)) => return End::Failed(e.to_string()),
            Err(end) => return end,
        };
        let mut last_input = Instant::now();
        if let Err(end) = self.send(first, &mut last_input).await {
            return end;
        }
        let idle = self.shared.limits.idle_timeout;
        let mut shutdown = self.shared.shutdown.clone();
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
                        if let Err(end) = self.feed(&bytes) {
                            return end;
                        }
                        // Fold what else is already queued into this frame.
                        let mut folded = bytes.len();
                        while !self.reader.should_quit() && folded < FOLD_BYTES {
                            match self.input.try_recv() {
                                Ok(more) => {
                                    folded += more.len();
                                    if let Err(end) = self.feed(&more) {
                                        return end;
                                    }
                                }
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
                    match self.guarded(|r| r.resize(size)) {
                        Ok(Ok(())) => {}
                        Ok(Err(e)) => return End::Failed(e.to_string()),
                        Err(end) => return end,
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
            match self.guarded(|r| r.render()) {
                Ok(Ok(bytes)) if bytes.is_empty() => {}
                Ok(Ok(bytes)) => {
                    if let Err(end) = self.send(bytes, &mut last_input).await {
                        return end;
                    }
                }
                Ok(Err(e)) => return End::Failed(e.to_string()),
                Err(end) => return end,
            }
        }
    }

    /// Runs `f` on the reader; a panic inside becomes [`End::Panicked`].
    fn guarded<T>(&mut self, f: impl FnOnce(&mut ReaderSession) -> T) -> Result<T, End> {
        let reader = &mut self.reader;
        catch_unwind(AssertUnwindSafe(|| f(reader))).map_err(|p| End::Panicked(panic_message(&*p)))
    }

    /// Hands client bytes to the app (under the panic guard).
    fn feed(&mut self, bytes: &[u8]) -> Result<(), End> {
        let trigger = self.shared.debug_panic_on.clone();
        self.guarded(|r| {
            if let Some(t) = trigger.filter(|t| !t.is_empty())
                && bytes.windows(t.len()).any(|w| w == t.as_slice())
            {
                panic!("REFRAIN_DEBUG_PANIC_ON matched the input");
            }
            r.feed(bytes);
        })
    }

    /// Sends one frame, waiting at most `--write-timeout` for the client to
    /// make room for it. Input arriving meanwhile goes to the app at once (it
    /// shows in the next frame), so the input queue keeps draining and a `q`
    /// ends the session without waiting for the frame.
    async fn send(&mut self, bytes: Vec<u8>, last_input: &mut Instant) -> Result<(), End> {
        let (handle, channel) = (self.handle.clone(), self.channel);
        let sending = timeout(self.shared.limits.write_timeout, async move {
            handle.data(channel, bytes).await
        });
        tokio::pin!(sending);
        loop {
            tokio::select! {
                sent = &mut sending => return match sent {
                    Ok(Ok(())) => Ok(()),
                    Ok(Err(_)) => Err(End::ClientGone),
                    Err(_) => Err(End::Stalled),
                },
                msg = self.input.recv() => match msg {
                    None => return Err(End::ClientGone),
                    Some(more) => {
                        *last_input = Instant::now();
                        self.feed(&more)?;
                        if self.reader.should_quit() {
                            return Err(End::Quit);
                        }
                    }
                },
            }
        }
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}
