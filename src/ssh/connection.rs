//! The SSH side of one client connection: a russh [`Handler`] that
//! authenticates, accepts one session channel with a pty and a shell request,
//! and starts the reader on it (see `channel.rs`). Everything else a client may
//! ask for is refused and logged: exec requests (`ssh host ls`), subsystems
//! (sftp), a shell without a terminal, agent and X11 forwarding, local (`-L`)
//! and remote (`-R`) port forwarding, a second session channel.
//!
//! Input goes to the reader task through a bounded queue; when it is full the
//! handler waits, so russh stops reading this connection and the client's
//! writes back up through TCP (back-pressure: nothing is dropped). The task
//! never stops draining the queue for long (it reads input even while a frame
//! is being sent), so this cannot deadlock. Window sizes go through a watch.

use super::channel::{self, SessionLink};
use super::limits::SlotGuard;
use super::log::{self, Peer};
use super::server::{KillSwitch, Shared};
use super::session::{ClientTerm, ReaderSession, notice};
use russh::keys::PublicKey;
use russh::server::VerifiedPublicKey;
use russh::server::{Auth, ChannelOpenHandle, Handler, Msg, PublicKeyOffer, Response, Session};
use russh::{Channel, ChannelId, ChannelOpenFailure, Pty};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use tokio::sync::{mpsc, watch};

/// Input packets queued for the reader before the handler stops reading the
/// channel (back-pressure). With the channel window (`ssh_config`) this bounds
/// the input a `q` can be queued behind: at most 4 packets of 32 KB and 64 KB
/// in flight, well under a second of the reader's work even when every key is
/// distinct (nothing to coalesce).
const INPUT_QUEUE: usize = 4;

/// The state of one connection, owned by russh's session loop.
pub struct Connection {
    shared: Arc<Shared>,
    peer: Peer,
    user: String,
    started: Arc<AtomicBool>,
    kill: KillSwitch,
    channel: Option<ChannelId>,
    pty: Option<(u32, u32)>,
    term: ClientTerm,
    link: Option<SessionLink>,
    held_back: Arc<AtomicU64>,
    refused_key: bool,
    offered_key: bool,
    asked_in: bool,
    authenticated: bool,
}

impl Drop for Connection {
    /// With `--authorized-keys`, a client that left without offering any key
    /// gets a log line too (a refused key already has one).
    fn drop(&mut self) {
        if !self.shared.access.allows_anyone()
            && self.asked_in
            && !self.offered_key
            && !self.authenticated
        {
            self.refuse("no public key offered");
        }
    }
}

impl Connection {
    /// A handler for a new connection from `peer`; `started` is set once the
    /// reader runs (the login grace timer watches it).
    pub fn new(
        shared: Arc<Shared>,
        peer: Peer,
        started: Arc<AtomicBool>,
        kill: KillSwitch,
    ) -> Self {
        Connection {
            shared,
            peer,
            user: String::new(),
            started,
            kill,
            channel: None,
            pty: None,
            term: ClientTerm::default(),
            link: None,
            held_back: Arc::new(AtomicU64::new(0)),
            refused_key: false,
            offered_key: false,
            asked_in: false,
            authenticated: false,
        }
    }

    fn refuse(&self, reason: &str) {
        log::event("refused", &self.peer)
            .user(&self.user)
            .field("reason", reason)
            .emit();
    }

    /// Answers a shell request by telling the client why there is no reader,
    /// then ends the channel with exit status 1.
    fn close_with(&self, channel: ChannelId, message: &str, session: &mut Session) {
        let _ = session.channel_success(channel);
        let _ = session.data(channel, notice(message));
        let _ = session.exit_status_request(channel, 1);
        let _ = session.eof(channel);
        let _ = session.close(channel);
    }

    fn check_key(&mut self, user: &str, key: &PublicKey) -> Auth {
        self.user = user.to_string();
        self.offered_key = true;
        let now = std::time::SystemTime::now();
        match self.shared.access.check_key(key, self.peer.addr.ip(), now) {
            Ok(()) => {
                self.authenticated = true;
                Auth::Accept
            }
            Err(why) => {
                if !self.refused_key {
                    self.refused_key = true;
                    self.refuse(&why);
                }
                Auth::reject()
            }
        }
    }

    fn start_reader(&mut self, channel: ChannelId, session: &mut Session) -> Result<(), String> {
        let Some((cols, rows)) = self.pty else {
            self.refuse("shell without a terminal");
            self.close_with(
                channel,
                "the reader needs a terminal: connect with ssh -t",
                session,
            );
            return Ok(());
        };
        if *self.shared.shutdown.borrow() {
            self.refuse("server shutting down");
            self.close_with(channel, "the server is shutting down", session);
            return Ok(());
        }
        let Some(slot): Option<SlotGuard> = self.shared.slots.try_acquire() else {
            self.refuse("server full");
            let max = self.shared.slots.max();
            self.close_with(channel, &format!("server full ({max} sessions)"), session);
            return Ok(());
        };
        let size = self.shared.limits.clamp_size(cols, rows);
        let mut reader = ReaderSession::new(
            self.shared.analysis.clone(),
            self.shared.keymap.clone(),
            self.term.color_mode(),
            size,
        )
        .map_err(|e| e.to_string())?;
        reader.share_query_index(self.shared.query.clone());
        if let Some(file) = &self.shared.marks {
            reader.set_marks(crate::marks::MarksLocation::file(file.clone()));
        }
        let (input_tx, input_rx) = mpsc::channel(INPUT_QUEUE);
        let (size_tx, size_rx) = watch::channel(size);
        self.link = Some(SessionLink {
            input: input_tx,
            size: size_tx,
        });
        self.started.store(true, Ordering::Release);
        let _ = session.channel_success(channel);
        let task = channel::SessionTask {
            shared: self.shared.clone(),
            handle: session.handle(),
            channel,
            reader,
            input: input_rx,
            size: size_rx,
            slot,
            peer: self.peer.clone(),
            user: self.user.clone(),
            term: self.term.term.clone().unwrap_or_default(),
            kill: self.kill.clone(),
            held_back: self.held_back.clone(),
        };
        tokio::spawn(channel::supervise(task));
        Ok(())
    }
}

impl Handler for Connection {
    type Error = russh::Error;

    async fn auth_none(&mut self, user: &str) -> Result<Auth, Self::Error> {
        self.user = user.to_string();
        self.asked_in = true;
        Ok(if self.shared.access.allows_anyone() {
            self.authenticated = true;
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_keyboard_interactive<'a>(
        &'a mut self,
        user: &str,
        _submethods: &str,
        _response: Option<Response<'a>>,
    ) -> Result<Auth, Self::Error> {
        self.user = user.to_string();
        self.asked_in = true;
        Ok(if self.shared.access.allows_anyone() {
            self.authenticated = true;
            Auth::Accept
        } else {
            Auth::reject()
        })
    }

    async fn auth_publickey_offered(
        &mut self,
        user: &str,
        offer: PublicKeyOffer<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.check_key(user, offer.public_key))
    }

    async fn auth_publickey(
        &mut self,
        user: &str,
        key: VerifiedPublicKey<'_>,
    ) -> Result<Auth, Self::Error> {
        Ok(self.check_key(user, key.public_key))
    }

    async fn channel_open_session(
        &mut self,
        channel: Channel<Msg>,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.channel.is_some() {
            self.refuse("second session channel");
            reply
                .reject(ChannelOpenFailure::AdministrativelyProhibited)
                .await;
        } else {
            self.channel = Some(channel.id());
            reply.accept().await;
        }
        Ok(())
    }

    async fn channel_open_direct_tcpip(
        &mut self,
        _channel: Channel<Msg>,
        host: &str,
        port: u32,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("port forwarding to {host}:{port}"));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_direct_streamlocal(
        &mut self,
        _channel: Channel<Msg>,
        socket_path: &str,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("socket forwarding to {socket_path}"));
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn channel_open_x11(
        &mut self,
        _channel: Channel<Msg>,
        _originator_address: &str,
        _originator_port: u32,
        reply: ChannelOpenHandle,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("x11 channel");
        reply
            .reject(ChannelOpenFailure::AdministrativelyProhibited)
            .await;
        Ok(())
    }

    async fn tcpip_forward(
        &mut self,
        address: &str,
        port: &mut u32,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(&format!("remote port forwarding from {address}:{port}"));
        Ok(false)
    }

    async fn streamlocal_forward(
        &mut self,
        socket_path: &str,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse(&format!("remote socket forwarding from {socket_path}"));
        Ok(false)
    }

    async fn agent_request(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<bool, Self::Error> {
        self.refuse("agent forwarding");
        Ok(false)
    }

    async fn x11_request(
        &mut self,
        channel: ChannelId,
        _single_connection: bool,
        _x11_auth_protocol: &str,
        _x11_auth_cookie: &str,
        _x11_screen_number: u32,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse("x11 forwarding");
        session.channel_failure(channel)
    }

    async fn pty_request(
        &mut self,
        channel: ChannelId,
        term: &str,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _modes: &[(Pty, u32)],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.pty = Some((cols, rows));
        if !term.is_empty() {
            self.term.term = Some(term.to_string());
        }
        session.channel_success(channel)
    }

    async fn env_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        value: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        match name {
            "TERM" if self.term.term.is_none() => self.term.term = Some(value.to_string()),
            "COLORTERM" => self.term.colorterm = Some(value.to_string()),
            "NO_COLOR" => self.term.no_color = !value.is_empty(),
            _ => return session.channel_failure(channel),
        }
        session.channel_success(channel)
    }

    async fn shell_request(
        &mut self,
        channel: ChannelId,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        if self.link.is_some() {
            return session.channel_failure(channel);
        }
        if let Err(e) = self.start_reader(channel, session) {
            self.refuse(&format!("cannot start the reader: {e}"));
            self.close_with(channel, "cannot start the reader", session);
        }
        Ok(())
    }

    async fn exec_request(
        &mut self,
        channel: ChannelId,
        data: &[u8],
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("exec request: {}", String::from_utf8_lossy(data)));
        session.channel_failure(channel)?;
        let _ = session.extended_data(
            channel,
            1,
            notice("this server only serves the reader; commands are refused"),
        );
        let _ = session.exit_status_request(channel, 1);
        let _ = session.eof(channel);
        session.close(channel)
    }

    async fn subsystem_request(
        &mut self,
        channel: ChannelId,
        name: &str,
        session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.refuse(&format!("subsystem request: {name}"));
        session.channel_failure(channel)?;
        let _ = session.exit_status_request(channel, 1);
        session.close(channel)
    }

    async fn window_change_request(
        &mut self,
        _channel: ChannelId,
        cols: u32,
        rows: u32,
        _pix_width: u32,
        _pix_height: u32,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        let size = self.shared.limits.clamp_size(cols, rows);
        if self.pty.is_some() {
            self.pty = Some((cols, rows));
        }
        if let Some(link) = &self.link {
            link.size.send_replace(size);
        }
        Ok(())
    }

    async fn data(
        &mut self,
        _channel: ChannelId,
        data: &[u8],
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        if let Some(link) = &self.link {
            // A full queue means a flood: wait (russh stops reading the socket)
            // rather than drop. The task keeps draining the queue even while
            // it waits for the client's window, so this wait always ends. An
            // error means the session already ended; its input no longer matters.
            let input = link.input.clone();
            if input.capacity() == 0 {
                self.held_back.fetch_add(1, Ordering::Relaxed);
            }
            let _ = input.send(data.to_vec()).await;
        }
        Ok(())
    }

    async fn channel_eof(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.link = None;
        Ok(())
    }

    async fn channel_close(
        &mut self,
        _channel: ChannelId,
        _session: &mut Session,
    ) -> Result<(), Self::Error> {
        self.link = None;
        Ok(())
    }
}
