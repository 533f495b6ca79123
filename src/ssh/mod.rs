//! `refrain serve`: the same app and UI served over SSH (russh), one app per
//! session, all sessions sharing one read-only analysis.
//!
//! Layout: [`session`] is one reader drawn into bytes (no network; the
//! benchmark drives it), [`input`] decodes client keystrokes, [`connection`]
//! is the russh handler (auth, what is accepted and refused), [`channel`] the
//! task serving one session, [`server`] the accept loop and shutdown,
//! [`limits`], [`auth`], [`hostkey`] and [`log`] the policies around them,
//! [`memory`] what is given back when sessions end;
//! [`screen`] turns frames into the bytes that update the client's terminal.

pub mod auth;
pub mod channel;
pub mod connection;
pub mod hostkey;
pub mod input;
pub mod limits;
pub mod log;
pub mod memory;
pub mod screen;
pub mod server;
pub mod session;

use crate::cli::ServeArgs;
use crate::keymap::Keymap;
use crate::reuse::Analysis;
use auth::Access;
use limits::{Limits, SessionSlots};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

/// Everything `refrain serve` needs besides the analysis, checked before the
/// (possibly long) analysis runs.
#[derive(Debug)]
pub struct Settings {
    /// Address to listen on.
    pub listen: String,
    /// The host key file (read or created).
    pub host_key: PathBuf,
    /// Who may log in.
    pub access: Access,
    /// The limits.
    pub limits: Limits,
    /// The keymap every session starts from.
    pub keymap: Keymap,
    /// The triage marks file every session reads and saves to (`--marks`);
    /// without it each session's marks last as long as the session.
    pub marks: Option<PathBuf>,
    /// Start-up warnings (authorized_keys lines not used), logged when serving.
    pub warnings: Vec<String>,
    /// Test hook, from the environment variable `REFRAIN_DEBUG_PANIC_ON`: a
    /// session whose input contains this text panics inside the app, to check
    /// that a failing session ends cleanly. Unset in normal use.
    pub debug_panic_on: Option<Vec<u8>>,
}

impl Settings {
    /// Validates the command line; errors are one line.
    pub fn from_args(args: &ServeArgs) -> Result<Settings, String> {
        if args.max_sessions == 0 {
            return Err("--max-sessions must be at least 1".into());
        }
        if args.login_grace == 0 {
            return Err("--login-grace must be at least 1 second".into());
        }
        if args.write_timeout == 0 {
            return Err("--write-timeout must be at least 1 second".into());
        }
        let (max_cols, max_rows) = limits::parse_size(&args.max_size)?;
        let limits = Limits {
            max_sessions: args.max_sessions,
            login_grace: Duration::from_secs(args.login_grace),
            idle_timeout: (args.idle_timeout > 0).then(|| Duration::from_secs(args.idle_timeout)),
            max_cols,
            max_rows,
            write_timeout: Duration::from_secs(args.write_timeout),
            rate_per_minute: args.rate_limit,
        };
        let (access, warnings) = match &args.authorized_keys {
            Some(path) => Access::from_authorized_keys(path)?,
            None => (Access::Open, Vec::new()),
        };
        let host_key = match &args.host_key {
            Some(path) => path.clone(),
            None => hostkey::default_path()?,
        };
        let keymap = Keymap::load(args.keymap.as_deref()).map_err(|e| e.to_string())?;
        Ok(Settings {
            listen: args.listen.clone(),
            host_key,
            access,
            limits,
            keymap,
            marks: args.marks.clone(),
            warnings,
            debug_panic_on: std::env::var_os("REFRAIN_DEBUG_PANIC_ON")
                .map(|v| v.as_encoded_bytes().to_vec())
                .filter(|v| !v.is_empty()),
        })
    }
}

/// The SSH channel window the server grants a client: input sent but not yet
/// read (a typist's keys are a few bytes; a paste streams at 64 KB per round trip).
pub const INPUT_WINDOW: u32 = 64 << 10;

/// The russh configuration for these settings.
fn ssh_config(settings: &Settings, key: russh::keys::PrivateKey) -> russh::server::Config {
    let write = settings.limits.write_timeout;
    russh::server::Config {
        methods: settings.access.methods(),
        auth_rejection_time: Duration::from_secs(1),
        auth_rejection_time_initial: Some(Duration::ZERO),
        keys: vec![key],
        // Nothing moving for this long (not even keepalive replies) means a dead
        // or stuck client; the idle timeout with its message is the session's.
        inactivity_timeout: Some(write),
        keepalive_interval: Some((write / 3).max(Duration::from_secs(1))),
        keepalive_max: 3,
        max_auth_attempts: 6,
        nodelay: true,
        // How much a client may send before the server has read it (russh's
        // default is 2 MB): with the input queue, what a `q` can wait behind.
        window_size: INPUT_WINDOW,
        ..Default::default()
    }
}

/// Serves the reader on `settings.listen` until SIGINT or SIGTERM. Prints the
/// host key fingerprint and `refrain: listening on ADDR:PORT` on stderr.
pub fn serve(settings: Settings, analysis: Arc<Analysis>) -> Result<(), String> {
    let key = hostkey::load_or_create(&settings.host_key)?;
    log::server("host-key")
        .field("path", key.path.display())
        .field("fingerprint", key.fingerprint())
        .field("created", key.created)
        .emit();
    // A panic in a session is caught and logged as its `session-end`; the
    // default hook's multi-line report would break the one-line-per-event log.
    std::panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        let payload = info.payload();
        let message = payload
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        log::server("panic")
            .field("at", at)
            .field("message", message)
            .emit();
    }));
    memory::tune_allocator();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .on_thread_park(memory::on_worker_park)
        .build()
        .map_err(|e| format!("cannot start the server runtime: {e}"))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::bind(&settings.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
        let local = listener
            .local_addr()
            .map_err(|e| format!("cannot listen on {}: {e}", settings.listen))?;
        let config = Arc::new(ssh_config(&settings, key.key));
        let (stop_tx, stop_rx) = watch::channel(false);
        let shared = Arc::new(server::Shared {
            analysis,
            query: Default::default(),
            keymap: Arc::new(settings.keymap),
            marks: settings.marks,
            slots: SessionSlots::new(settings.limits.max_sessions),
            limits: settings.limits,
            access: settings.access,
            shutdown: stop_rx.clone(),
            debug_panic_on: settings.debug_panic_on,
        });
        // What the analysis freed goes back to the system before serving.
        memory::give_back();
        eprintln!("refrain: listening on {local}");
        for warning in &settings.warnings {
            log::server("warning").field("note", warning).emit();
        }
        if !local.ip().is_loopback() && shared.access.allows_anyone() {
            log::server("warning")
                .field(
                    "note",
                    "anyone who can reach this address can read the documents (see --authorized-keys)",
                )
                .emit();
        }
        log::server("serving")
            .field("documents", shared.analysis.corpus.documents.len())
            .field("access", shared.access.describe())
            .field("max-sessions", shared.limits.max_sessions)
            .emit();
        tokio::spawn(async move {
            wait_for_signal().await;
            let _ = stop_tx.send(true);
            // Keep the sender alive so receivers see `true`, not a closed channel.
            std::future::pending::<()>().await;
        });
        server::run(listener, shared, config, stop_rx).await;
        Ok(())
    })
}

/// Resolves on SIGINT or SIGTERM.
async fn wait_for_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let term = signal(SignalKind::terminate());
        let int = signal(SignalKind::interrupt());
        match (term, int) {
            (Ok(mut term), Ok(mut int)) => {
                tokio::select! {
                    _ = term.recv() => {}
                    _ = int.recv() => {}
                }
            }
            _ => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
