//! One reader session, independent of the network: the same [`App`] and
//! [`crate::ui::draw`] as the local reader, drawn by a ratatui [`Terminal`]
//! whose crossterm backend writes into a byte buffer instead of a TTY.
//!
//! Bytes typed by the client go in ([`ReaderSession::feed`]), bytes for the
//! client's terminal come out ([`ReaderSession::render`]). Frames are drawn
//! into an in-memory screen and only the difference with what the client shows
//! is sent (changed cells, and a terminal scroll for rows that moved; see
//! `screen.rs`), so a scroll sends a fraction of a screen. The viewport is fixed to the client's window size
//! (pty request, window changes), clamped by the server's limits. The SSH
//! transport lives in `channel.rs`; this type is also what the benchmark drives.

use crate::app::{App, AppOptions};
use crate::keymap::Keymap;
use crate::reuse::Analysis;
use crate::ui::ColorMode;
use ratatui::crossterm::event::{DisableBracketedPaste, DisableMouseCapture, Event};
use ratatui::crossterm::{cursor, queue, terminal};
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};
use std::io::{self, Write};
use std::sync::{Arc, Mutex};

use super::input::InputDecoder;
use super::screen::{Painter, ScreenBackend};

/// Largest number of bytes one frame may produce before the session is ended
/// (a full 500x200 redraw in true colour is a few megabytes at most).
pub const MAX_FRAME_BYTES: usize = 16 << 20;

/// How often a session with a background job running redraws.
pub const TICK: std::time::Duration = std::time::Duration::from_millis(100);

/// Turns on mouse reports for clicks, wheel and drags, in SGR encoding (1006).
/// Motion without a button (1003) is left off: it would send a report per cell
/// the pointer crosses.
const ENABLE_MOUSE: &[u8] = b"\x1b[?1000h\x1b[?1002h\x1b[?1006h";

/// Gives a client's terminal back without asking the app: mouse reports and
/// bracketed paste off, cursor shown, main screen (used when the app panicked).
pub const RESTORE_TERMINAL: &[u8] =
    b"\x1b[?1006l\x1b[?1002l\x1b[?1000l\x1b[?2004l\x1b[?25h\x1b[?1049l";

/// What a client's terminal can show, from its pty and env requests.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClientTerm {
    /// `TERM` from the pty request (or an env request).
    pub term: Option<String>,
    /// `COLORTERM`, when the client sends it.
    pub colorterm: Option<String>,
    /// Whether the client sent `NO_COLOR`.
    pub no_color: bool,
}

impl ClientTerm {
    /// The colour mode the reader should use for this client.
    pub fn color_mode(&self) -> ColorMode {
        ColorMode::detect(
            self.term.as_deref(),
            self.colorterm.as_deref(),
            self.no_color,
        )
    }
}

/// Where the crossterm backend writes: the bytes of the frame being drawn,
/// bounded by [`MAX_FRAME_BYTES`]. The session keeps a second handle on the
/// same buffer to take the bytes out after each frame.
#[derive(Debug, Default, Clone)]
pub struct FrameBuffer {
    bytes: Arc<Mutex<Vec<u8>>>,
}

impl FrameBuffer {
    /// Takes the bytes written so far.
    fn take(&self) -> Vec<u8> {
        std::mem::take(&mut *self.bytes.lock().unwrap_or_else(|e| e.into_inner()))
    }
}

impl Write for FrameBuffer {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut bytes = self.bytes.lock().unwrap_or_else(|e| e.into_inner());
        if bytes.len() + buf.len() > MAX_FRAME_BYTES {
            return Err(io::Error::other("frame larger than the output limit"));
        }
        bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// The reader of one SSH client, drawn into bytes.
pub struct ReaderSession {
    app: App,
    terminal: Terminal<ScreenBackend>,
    painter: Painter<FrameBuffer>,
    out: FrameBuffer,
    decoder: InputDecoder,
    size: (u16, u16),
    coalesced: usize,
    input: Input,
    _alive: super::memory::SessionCount,
}

/// What a session received, counted for its `session-end` log line (and the
/// flood test: every byte sent arrives, every event decoded reaches the app).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Input {
    /// Client bytes fed to the session.
    pub bytes: u64,
    /// Events decoded from them.
    pub events: u64,
    /// Events handed to the app (the rest were coalesced, or came after `q`).
    pub handled: u64,
    /// Bytes the decoder gave up on as a sequence that never ended
    /// ([`super::input::MAX_PENDING`]).
    pub discarded: u64,
}

/// Events decoded from one batch of input beyond which the batch is a flood.
pub const FLOOD_EVENTS: usize = 256;

/// Identical motion events kept in a row under a flood.
pub const RUN_CAP: usize = 16;

/// Events that only move something (a key press, the wheel, a drag or a move),
/// so that a long run of the same one can be cut without changing what the
/// user meant. Clicks and resizes are never coalesced.
fn is_motion(event: &Event) -> bool {
    use ratatui::crossterm::event::{KeyEventKind, MouseEventKind};
    match event {
        Event::Key(k) => k.kind != KeyEventKind::Release,
        Event::Mouse(m) => matches!(
            m.kind,
            MouseEventKind::ScrollDown
                | MouseEventKind::ScrollUp
                | MouseEventKind::ScrollLeft
                | MouseEventKind::ScrollRight
                | MouseEventKind::Drag(_)
                | MouseEventKind::Moved
        ),
        _ => false,
    }
}

impl ReaderSession {
    /// Reads triage marks from, and saves them to, `location` (`--marks`).
    pub fn set_marks(&mut self, location: crate::marks::MarksLocation) {
        self.app.set_marks_location(location);
    }

    /// Uses `query`, the where-else index shared by every session.
    pub fn share_query_index(&mut self, query: crate::reuse::query::SharedQueryIndex) {
        self.app.share_query_index(query);
    }

    /// A reader on `analysis` for a `cols`x`rows` window (already clamped).
    pub fn new(
        analysis: Arc<Analysis>,
        keymap: Arc<Keymap>,
        color: ColorMode,
        (cols, rows): (u16, u16),
    ) -> io::Result<Self> {
        let app = App::new(
            analysis,
            keymap,
            AppOptions {
                color,
                allow_editor: false,
                ..AppOptions::default()
            },
        );
        let area = Rect::new(0, 0, cols, rows);
        let out = FrameBuffer::default();
        let terminal = Terminal::with_options(
            ScreenBackend::new(area),
            TerminalOptions {
                viewport: Viewport::Fixed(area),
            },
        )
        .unwrap_or_else(|e| match e {});
        let mut session = ReaderSession {
            app,
            terminal,
            painter: Painter::new(area, out.clone()),
            out,
            decoder: InputDecoder::new(),
            size: (cols, rows),
            coalesced: 0,
            input: Input::default(),
            _alive: super::memory::SessionCount::new(),
        };
        session.app.handle_event(&Event::Resize(cols, rows));
        Ok(session)
    }

    /// The bytes that set the client's terminal up (alternate screen, hidden
    /// cursor, mouse reports) followed by the first full frame.
    pub fn start(&mut self) -> io::Result<Vec<u8>> {
        let mut w = self.out.clone();
        queue!(
            w,
            terminal::EnterAlternateScreen,
            cursor::Hide,
            terminal::Clear(terminal::ClearType::All)
        )?;
        w.write_all(ENABLE_MOUSE)?;
        self.render()
    }

    /// Decodes client bytes and hands every event to the app, in order, until
    /// the app quits. Under a flood (more than [`FLOOD_EVENTS`] events in one
    /// call) a run of identical motion events (the same key pressed again and
    /// again outside a prompt, mouse wheel, drags) is cut to [`RUN_CAP`]; every
    /// other event, `q` included, is handled. Returns how many were coalesced.
    pub fn feed(&mut self, bytes: &[u8]) -> usize {
        let events = self.decoder.feed(bytes);
        self.input.bytes += bytes.len() as u64;
        self.input.events += events.len() as u64;
        self.input.discarded = self.decoder.discarded();
        let flood = events.len() > FLOOD_EVENTS;
        let mut coalesced = 0;
        let mut run = 0;
        for (i, event) in events.iter().enumerate() {
            if flood && i > 0 && events[i - 1] == *event && is_motion(event) {
                run += 1;
            } else {
                run = 1;
            }
            if run > RUN_CAP && self.app.prompt.is_none() {
                coalesced += 1;
                continue;
            }
            self.app.handle_event(event);
            self.input.handled += 1;
            if self.app.should_quit() {
                break;
            }
        }
        self.coalesced += coalesced;
        coalesced
    }

    /// What the session received so far.
    pub fn input(&self) -> Input {
        self.input
    }

    /// Events coalesced under floods since the session started.
    pub fn coalesced(&self) -> usize {
        self.coalesced
    }

    /// Applies a new window size (already clamped); the next frame is a full redraw.
    pub fn resize(&mut self, (cols, rows): (u16, u16)) -> io::Result<()> {
        if (cols, rows) == self.size {
            return Ok(());
        }
        self.size = (cols, rows);
        let area = Rect::new(0, 0, cols, rows);
        self.terminal.backend_mut().resize(area);
        self.terminal.resize(area).unwrap_or_else(|e| match e {});
        self.painter.resize(area);
        self.app.handle_event(&Event::Resize(cols, rows));
        Ok(())
    }

    /// The window size being drawn.
    pub fn size(&self) -> (u16, u16) {
        self.size
    }

    /// Draws a frame and returns the bytes that bring the client's screen up to
    /// date (only the cells that changed since the last frame).
    pub fn render(&mut self) -> io::Result<Vec<u8>> {
        self.app.tick();
        super::memory::drew();
        let app = &mut self.app;
        let Ok(_) = self.terminal.draw(|frame| crate::ui::draw(frame, app));
        let backend = self.terminal.backend();
        let painted = self.painter.paint(backend.buffer(), backend.cursor());
        let bytes = self.out.take();
        painted?;
        Ok(bytes)
    }

    /// True once the user asked to quit.
    pub fn should_quit(&self) -> bool {
        self.app.should_quit()
    }

    /// True while a background job (a re-analysis) runs: the session should
    /// render every [`TICK`] to show its progress and its result.
    pub fn busy(&self) -> bool {
        self.app.busy()
    }

    /// The bytes that give the client's terminal back as it was (mouse off,
    /// cursor shown, main screen), followed by `message` on a line of its own.
    pub fn finish(&mut self, message: Option<&str>) -> Vec<u8> {
        self.out.take();
        let mut out = self.out.clone();
        let _ = queue!(
            out,
            DisableMouseCapture,
            DisableBracketedPaste,
            cursor::Show,
            terminal::LeaveAlternateScreen
        );
        let mut bytes = self.out.take();
        if let Some(m) = message {
            bytes.extend_from_slice(&notice(m));
        }
        bytes
    }
}

/// A one-line message for a client's terminal: `refrain: …` and CR LF.
pub fn notice(message: &str) -> Vec<u8> {
    format!("refrain: {message}\r\n").into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(cols: u16, rows: u16) -> ReaderSession {
        let analysis = Arc::new(crate::reuse::analyse(
            crate::corpus::seeds(),
            &crate::reuse::Params::default(),
        ));
        ReaderSession::new(
            analysis,
            Arc::new(Keymap::default()),
            ColorMode::Ansi256,
            (cols, rows),
        )
        .unwrap()
    }

    /// Whitespace runs (no-break spaces too) as single spaces.
    fn plain(text: &str) -> String {
        text.split_whitespace().collect::<Vec<_>>().join(" ")
    }

    fn screen(bytes: &[u8], cols: u16, rows: u16) -> vt100::Parser {
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(bytes);
        p
    }

    #[test]
    fn start_sets_up_the_terminal_and_draws_the_library() {
        let mut s = session(100, 30);
        let bytes = s.start().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.starts_with("\x1b[?1049h"), "alternate screen first");
        assert!(text.contains("\x1b[?1006h"), "SGR mouse reports");
        let p = screen(&bytes, 100, 30);
        assert!(p.screen().alternate_screen());
        assert!(p.screen().hide_cursor());
        // The start of the first title (the column cuts long titles).
        let first: String = plain(crate::corpus::seeds().documents[0].title())
            .chars()
            .take(24)
            .collect();
        let shown = plain(&p.screen().contents());
        assert!(shown.contains(&first), "{shown}");
    }

    #[test]
    fn an_unchanged_frame_sends_almost_nothing_and_resize_redraws() {
        let mut s = session(80, 24);
        let first = s.start().unwrap();
        let again = s.render().unwrap();
        assert!(again.len() < 64, "{} bytes for no change", again.len());
        s.resize((60, 20)).unwrap();
        assert_eq!(s.size(), (60, 20));
        let redraw = s.render().unwrap();
        assert!(redraw.len() > again.len());
        let mut all = first;
        all.extend_from_slice(&redraw);
        let p = screen(&all, 60, 20);
        let title: String = plain(crate::corpus::seeds().documents[0].title())
            .chars()
            .take(8)
            .collect();
        assert!(plain(&p.screen().contents()).contains(&title));
    }

    /// The rows of a ratatui buffer as text, one string per row, trailing
    /// spaces trimmed (the cells hidden under a wide character skipped).
    fn buffer_rows(buffer: &ratatui::buffer::Buffer) -> Vec<String> {
        let area = buffer.area;
        (0..area.height)
            .map(|y| {
                let mut row = String::new();
                let mut skip = 0;
                for x in 0..area.width {
                    if skip > 0 {
                        skip -= 1;
                        continue;
                    }
                    let symbol = buffer[(x, y)].symbol();
                    skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
                    row.push_str(symbol);
                }
                row.trim_end().to_string()
            })
            .collect()
    }

    fn screen_rows(p: &vt100::Parser) -> Vec<String> {
        let (_, cols) = p.screen().size();
        p.screen()
            .rows(0, cols)
            .map(|r| r.trim_end().to_string())
            .collect()
    }

    #[test]
    fn the_session_shows_exactly_what_the_local_ui_draws() {
        use ratatui::backend::TestBackend;
        let (cols, rows) = (90, 28);
        let mut s = session(cols, rows);
        let mut p = vt100::Parser::new(rows, cols, 0);
        p.process(&s.start().unwrap());
        let mut app = App::new(
            Arc::new(crate::reuse::analyse(
                crate::corpus::seeds(),
                &crate::reuse::Params::default(),
            )),
            Arc::new(Keymap::default()),
            AppOptions {
                color: ColorMode::Ansi256,
                allow_editor: false,
                ..AppOptions::default()
            },
        );
        app.handle_event(&Event::Resize(cols, rows));
        let mut local = Terminal::new(TestBackend::new(cols, rows)).unwrap();
        let steps: [&[u8]; 6] = [b"", b"j", b"\r", b"\x1b[B", b"]", b"c"];
        for keys in steps {
            s.feed(keys);
            p.process(&s.render().unwrap());
            for event in InputDecoder::new().feed(keys) {
                app.handle_event(&event);
            }
            local.draw(|f| crate::ui::draw(f, &app)).unwrap();
            assert_eq!(
                screen_rows(&p),
                buffer_rows(local.backend().buffer()),
                "after {keys:?}"
            );
        }
    }

    #[test]
    fn quit_key_and_finish_restore_the_terminal() {
        let mut s = session(80, 24);
        let mut all = s.start().unwrap();
        s.feed(b"q");
        assert!(s.should_quit());
        all.extend_from_slice(&s.finish(Some("bye")));
        let p = screen(&all, 80, 24);
        assert!(!p.screen().alternate_screen());
        assert!(!p.screen().hide_cursor());
        assert!(p.screen().contents().contains("refrain: bye"));
    }

    #[test]
    fn a_flood_of_one_key_is_cut_to_a_short_run_and_q_still_quits() {
        let mut flooded = session(80, 24);
        flooded.start().unwrap();
        flooded.feed(b"\r");
        // 200 events: not a flood, nothing coalesced.
        assert_eq!(flooded.feed(&[b'j'; 200]), 0);
        // 1000 `j` then `l` then 1000 `k` in one packet: each run keeps RUN_CAP.
        let mut burst = vec![b'j'; 1000];
        burst.push(b'l');
        burst.extend_from_slice(&[b'k'; 1000]);
        assert_eq!(flooded.feed(&burst), 2 * (1000 - RUN_CAP));
        assert_eq!(flooded.coalesced(), 2 * (1000 - RUN_CAP));

        // The same as typing the cut runs by hand.
        let mut typed = session(80, 24);
        typed.start().unwrap();
        typed.feed(b"\r");
        typed.feed(&[b'j'; 200]);
        typed.feed(&[b'j'; RUN_CAP]);
        typed.feed(b"l");
        typed.feed(&[b'k'; RUN_CAP]);
        let a = screen(&flooded.render().unwrap(), 80, 24);
        let b = screen(&typed.render().unwrap(), 80, 24);
        assert_eq!(a.screen().contents(), b.screen().contents());

        let mut last = vec![b'j'; 5000];
        last.push(b'q');
        flooded.feed(&last);
        assert!(flooded.should_quit(), "the q after a flood is handled");
    }
}
