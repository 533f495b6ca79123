//! The local event loop: terminal set-up and restore, the progress screen
//! while the corpus is analysed on a background [`Job`], reading events,
//! drawing, and running `$EDITOR`. The UI thread never waits on the analysis,
//! so `q` and ctrl-c quit within one tick (40–50 ms) at any moment. The
//! terminal is restored on quit, on error, on panic (ratatui's hook, plus mouse
//! capture off and the cursor shown) and on SIGINT / SIGTERM / SIGHUP (a flag
//! polled by every loop; exit code 128 + the signal). A watchdog thread ends
//! the process when the terminal itself goes away, or when a signal is not
//! acted on in time (see `spawn_watchdog`).
//! After `$EDITOR` returns, the file is read again and the app reloads it if
//! it changed.

use crate::action::Action;
use crate::app::{App, AppOptions, EditorRequest};
use crate::cli::{Analysed, Failure, Outcome};
use crate::job::Job;
use crate::keymap::{Context, KeyMatcher, Keymap, Match};
use crate::ui::progress::ProgressView;
use ratatui::DefaultTerminal;
use ratatui::crossterm::cursor::Show;
use ratatui::crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind,
    KeyModifiers,
};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Checks, before anything touches the terminal, that the reader can run here.
pub fn check_terminal() -> Result<(), String> {
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        return Err("the reader needs a terminal (for text output use `refrain report`)".into());
    }
    Ok(())
}

/// How a reader run ended.
#[derive(Debug)]
pub enum Ended {
    /// The user quit (`q`, ctrl-c), during the analysis or after.
    Quit,
    /// SIGINT, SIGTERM or SIGHUP arrived (its number); the terminal was restored.
    Signal(i32),
    /// Loading failed (a path vanished, nothing readable, a bad saved analysis).
    Failed(Failure),
}

/// Runs the reader on a ready analysis until the user quits or a termination
/// signal arrives; the terminal is restored in every case.
pub fn run(app: App) -> std::io::Result<Ended> {
    run_with(|terminal, stop| {
        let mut app = app;
        event_loop(terminal, &mut app, stop)
    })
}

/// Starts the reader at once on the progress screen of `job` (loading and
/// analysing `what`), then opens the library when the analysis arrives. `q`
/// and ctrl-c quit at any moment (the job is cancelled, not waited for); so
/// do SIGINT, SIGTERM and SIGHUP, with the terminal restored.
pub fn run_loading(
    job: Job<Outcome>,
    what: &str,
    keymap: Keymap,
    options: AppOptions,
) -> std::io::Result<Ended> {
    run_with(|terminal, stop| {
        let analysed = match load_loop(terminal, &job, what, &keymap, &options, stop)? {
            Ok(a) => a,
            Err(ended) => return Ok(ended),
        };
        let mut app = App::new(Arc::new(analysed.analysis), Arc::new(keymap), options);
        let notes = &analysed.notes;
        if let Some(note) = notes.status.as_ref().or(notes.lines.first()) {
            app.set_message(note.clone());
        }
        app.set_skipped(analysed.notes.warnings);
        event_loop(terminal, &mut app, stop)
    })
}

/// How often the screen is refreshed, and keys looked at, while loading.
const LOAD_TICK: Duration = Duration::from_millis(40);

/// Shows the progress of `job` until it delivers (the analysis) or the user
/// or a signal ends the run.
fn load_loop(
    terminal: &mut DefaultTerminal,
    job: &Job<Outcome>,
    what: &str,
    keymap: &Keymap,
    options: &AppOptions,
    stop: &AtomicUsize,
) -> std::io::Result<Result<Analysed, Ended>> {
    let start = Instant::now();
    let mut view = ProgressView {
        what: what.to_string(),
        hint: "q or ctrl-c to quit".into(),
        ..ProgressView::default()
    };
    let mut matcher = KeyMatcher::default();
    loop {
        if let Some(sig) = signalled(stop) {
            job.cancel();
            return Ok(Err(Ended::Signal(sig)));
        }
        match job.try_finish() {
            Some(Ok(Ok(Some(a)))) => return Ok(Ok(a)),
            Some(Ok(Ok(None))) => return Ok(Err(Ended::Quit)),
            Some(Ok(Err(e))) => return Ok(Err(Ended::Failed(e))),
            Some(Err(crate::job::WorkerDied)) => {
                return Err(std::io::Error::other(
                    "the analysis failed unexpectedly (a bug; please report it)",
                ));
            }
            None => {}
        }
        view.update(job.snapshot(), start.elapsed());
        terminal.draw(|f| crate::ui::draw_progress(f, &view, options.color))?;
        let deadline = Instant::now() + LOAD_TICK;
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            if !event::poll(left)? {
                break;
            }
            if let Event::Key(key) = event::read()?
                && key.kind != KeyEventKind::Release
                && quits(&mut matcher, keymap, key)
            {
                job.cancel();
                return Ok(Err(Ended::Quit));
            }
        }
    }
}

/// Whether `key` quits while the analysis runs: `q`, ctrl-c, or the keymap's
/// own quit sequence (emacs: ctrl-x ctrl-c).
fn quits(matcher: &mut KeyMatcher, keymap: &Keymap, key: KeyEvent) -> bool {
    let plain_q = key.code == KeyCode::Char('q') && key.modifiers.is_empty();
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    plain_q
        || ctrl_c
        || matches!(
            matcher.feed(keymap, Context::Library, key),
            Match::Action(Action::Quit)
        )
}

/// The signal that asked the reader to end, if one did.
fn signalled(stop: &AtomicUsize) -> Option<i32> {
    match stop.load(Ordering::Relaxed) {
        0 => None,
        sig => Some(sig as i32),
    }
}

/// The signals that end the reader (with the terminal restored).
const STOP_SIGNALS: [i32; 3] = [
    signal_hook::consts::SIGINT,
    signal_hook::consts::SIGTERM,
    signal_hook::consts::SIGHUP,
];

fn run_with(
    body: impl FnOnce(&mut DefaultTerminal, &AtomicUsize) -> std::io::Result<Ended>,
) -> std::io::Result<Ended> {
    // Registered before the terminal changes: from here on a signal only sets
    // `stop`, which every loop polls (and the watchdog backs up).
    let stop = Arc::new(AtomicUsize::new(0));
    let mut registered = Vec::new();
    for sig in STOP_SIGNALS {
        registered.push(signal_hook::flag::register_usize(
            sig,
            stop.clone(),
            sig as usize,
        )?);
    }
    let mut terminal = ratatui::try_init()?;
    let watching = Arc::new(AtomicBool::new(true));
    spawn_watchdog(stop.clone(), watching.clone());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture, Show);
        previous(info);
    }));
    let result = execute!(stdout(), EnableMouseCapture).and_then(|_| body(&mut terminal, &stop));
    restore();
    drop(terminal);
    watching.store(false, Ordering::Relaxed);
    for id in registered {
        signal_hook::low_level::unregister(id);
    }
    result
}

/// Puts the terminal back as the shell expects it: mouse reporting off,
/// cursor shown, alternate screen left, cooked mode.
fn restore() {
    let _ = execute!(stdout(), DisableMouseCapture, Show);
    ratatui::restore();
    let _ = execute!(stdout(), Show);
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicUsize,
) -> std::io::Result<Ended> {
    loop {
        let size = terminal.size()?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal.draw(|f| crate::ui::draw(f, app))?;
        if app.should_quit() {
            return Ok(Ended::Quit);
        }
        if let Some(req) = app.take_editor_request() {
            run_editor(terminal, app, &req)?;
            continue;
        }
        loop {
            if let Some(sig) = signalled(stop) {
                return Ok(Ended::Signal(sig));
            }
            if app.tick() {
                break;
            }
            if event::poll(Duration::from_millis(50))? {
                app.handle_event(&event::read()?);
                // Apply whatever else is already queued before drawing again.
                while !app.should_quit() && event::poll(Duration::ZERO)? {
                    app.handle_event(&event::read()?);
                }
                break;
            }
            // A re-analysis runs: draw its progress.
            if app.busy() {
                break;
            }
        }
    }
}

/// Leaves the alternate screen, runs `$EDITOR` (or `vi`) at the requested
/// line, and comes back with a full redraw.
fn run_editor(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    req: &EditorRequest,
) -> std::io::Result<()> {
    if !std::path::Path::new(&req.path).is_file() {
        app.set_message(format!("{}: not a file on disk", req.path));
        return Ok(());
    }
    let editor = std::env::var("EDITOR")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .unwrap_or_else(|| "vi".into());
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or("vi");
    execute!(stdout(), DisableMouseCapture, LeaveAlternateScreen)?;
    disable_raw_mode()?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(format!("+{}", req.line))
        .arg(&req.path)
        .status();
    enable_raw_mode()?;
    execute!(
        stdout(),
        EnterAlternateScreen,
        Clear(ClearType::All),
        EnableMouseCapture
    )?;
    // Make the next frame repaint every cell (without `Terminal::clear`, which
    // asks the terminal for the cursor position).
    terminal.draw(|f| f.render_widget(ratatui::widgets::Clear, f.area()))?;
    match status {
        Ok(s) if s.success() => {}
        Ok(s) => app.set_message(format!("{program} exited with {s}")),
        Err(e) => app.set_message(format!("{program}: {e}")),
    }
    // The file may have changed: show (and re-analyse) what is on disk now.
    // Read as at load time (bounded, regular files only, decoded, markup
    // masked as before).
    let markup = app
        .analysis
        .corpus
        .documents
        .get(req.doc)
        .is_some_and(|d| d.markup);
    let opts = crate::corpus::LoadOptions {
        markup,
        ..Default::default()
    };
    match crate::readfile::read_file(std::path::Path::new(&req.path), &opts) {
        Ok(t) => app.reload_document(req.doc, t.text),
        Err((_, why)) => app.set_message(format!("{}: not reloaded: {why}", req.path)),
    }
    Ok(())
}

/// How often the watchdog looks at the terminal.
const WATCH_INTERVAL: Duration = Duration::from_millis(100);
/// How long a termination signal may go unanswered by the event loop.
const STOP_GRACE: Duration = Duration::from_millis(500);

/// Starts a thread that ends the process when the terminal hangs up (its
/// window closed, tmux killed, the ssh connection dropped) or when a SIGINT /
/// SIGTERM / SIGHUP is not acted on within [`STOP_GRACE`] (restoring the
/// terminal first, exit code 128 + the signal). It stops watching when
/// `watching` is cleared (the terminal was restored).
///
/// crossterm's reader retries forever when the terminal reads end-of-file, so
/// without this a closed terminal would leave refrain spinning on a core,
/// deaf to SIGTERM (whose handler only sets `stop`).
fn spawn_watchdog(stop: Arc<AtomicUsize>, watching: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut stopping_since = None;
        while watching.load(Ordering::Relaxed) {
            std::thread::sleep(WATCH_INTERVAL);
            if terminal_hung_up() {
                // Nothing left to restore: the terminal is gone.
                std::process::exit(129);
            }
            if let Some(sig) = signalled(&stop) {
                let since = *stopping_since.get_or_insert_with(Instant::now);
                if since.elapsed() > STOP_GRACE && watching.load(Ordering::Relaxed) {
                    restore();
                    std::process::exit(128 + sig);
                }
            }
        }
    });
}

/// True when standard input (the terminal the reader runs in) has hung up.
fn terminal_hung_up() -> bool {
    let mut fds = [libc::pollfd {
        fd: libc::STDIN_FILENO,
        events: libc::POLLIN,
        revents: 0,
    }];
    // SAFETY: `fds` is a valid array of one pollfd for the whole call, and a
    // zero timeout makes the call return at once.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), 1, 0) };
    ready > 0 && fds[0].revents & (libc::POLLHUP | libc::POLLERR | libc::POLLNVAL) != 0
}
