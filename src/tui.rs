//! The local event loop: terminal set-up and restore, reading events, drawing,
//! and running `$EDITOR`. The terminal is restored on quit, on error, on panic
//! (ratatui's hook, plus mouse capture off) and on SIGTERM / SIGHUP (a flag
//! polled between events). A watchdog thread ends the process when the
//! terminal itself goes away (see [`spawn_watchdog`]). After `$EDITOR`
//! returns, the file is read again and the app reloads it if it changed.

use crate::app::{App, AppOptions, EditorRequest};
use crate::corpus::Corpus;
use crate::keymap::Keymap;
use crate::reuse::Params;
use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{self, DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{
    Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode,
};
use std::io::{IsTerminal, stdout};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Checks, before anything touches the terminal, that the reader can run here.
pub fn check_terminal() -> Result<(), String> {
    if !std::io::stdin().is_terminal() || !stdout().is_terminal() {
        return Err("the reader needs a terminal (for text output use `refrain report`)".into());
    }
    Ok(())
}

/// Runs the reader in the current terminal until the user quits or a
/// termination signal arrives; the terminal is restored in every case.
pub fn run(app: App) -> std::io::Result<()> {
    run_with(|_| app)
}

/// Like [`run`], but analyses `corpus` once the terminal is up, showing a
/// frame that says so first (a large folder can take a while).
pub fn run_analysing(
    corpus: Corpus,
    params: &Params,
    keymap: Keymap,
    options: AppOptions,
) -> std::io::Result<()> {
    run_with(|terminal| {
        let what = format!(
            "refrain · analysing {} documents ({:.1} MB)…",
            corpus.documents.len(),
            corpus.total_bytes() as f64 / 1e6
        );
        let _ = terminal.draw(|f| crate::ui::draw_loading(f, &what));
        let analysis = crate::reuse::analyse(corpus, params);
        App::new(Arc::new(analysis), Arc::new(keymap), options)
    })
}

fn run_with(make: impl FnOnce(&mut DefaultTerminal) -> App) -> std::io::Result<()> {
    let stop = Arc::new(AtomicBool::new(false));
    for sig in [signal_hook::consts::SIGTERM, signal_hook::consts::SIGHUP] {
        signal_hook::flag::register(sig, stop.clone())?;
    }
    let mut terminal = ratatui::try_init()?;
    spawn_watchdog(stop.clone());
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = execute!(stdout(), DisableMouseCapture);
        previous(info);
    }));
    let result = execute!(stdout(), EnableMouseCapture).and_then(|_| {
        let mut app = make(&mut terminal);
        event_loop(&mut terminal, &mut app, &stop)
    });
    let _ = execute!(stdout(), DisableMouseCapture);
    ratatui::restore();
    result
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    stop: &AtomicBool,
) -> std::io::Result<()> {
    loop {
        let size = terminal.size()?;
        if (size.width, size.height) != app.size {
            app.resize(size.width, size.height);
        }
        terminal.draw(|f| crate::ui::draw(f, app))?;
        if app.should_quit() {
            return Ok(());
        }
        if let Some(req) = app.take_editor_request() {
            run_editor(terminal, app, &req)?;
            continue;
        }
        loop {
            if stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            if app.poll_background() {
                break;
            }
            if event::poll(Duration::from_millis(200))? {
                app.handle_event(&event::read()?);
                // Apply whatever else is already queued before drawing again.
                while !app.should_quit() && event::poll(Duration::ZERO)? {
                    app.handle_event(&event::read()?);
                }
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
    match std::fs::read(&req.path).map(String::from_utf8) {
        Ok(Ok(text)) if !text.contains('\0') => app.reload_document(req.doc, text),
        Ok(_) => app.set_message(format!("{}: not reloaded: no longer UTF-8 text", req.path)),
        Err(e) => app.set_message(format!("{}: not reloaded: {e}", req.path)),
    }
    Ok(())
}

/// How often the watchdog looks at the terminal.
const WATCH_INTERVAL: Duration = Duration::from_millis(250);
/// How long a termination signal may go unanswered by the event loop.
const STOP_GRACE: Duration = Duration::from_secs(1);

/// Starts a thread that ends the process when the terminal hangs up (its
/// window closed, tmux killed, the ssh connection dropped) or when a SIGTERM /
/// SIGHUP is not acted on within [`STOP_GRACE`].
///
/// crossterm's reader retries forever when the terminal reads end-of-file, so
/// without this a closed terminal would leave refrain spinning on a core,
/// deaf to SIGTERM (whose handler only sets `stop`).
fn spawn_watchdog(stop: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        let mut stopping_since = None;
        loop {
            std::thread::sleep(WATCH_INTERVAL);
            if terminal_hung_up() {
                // Nothing left to restore: the terminal is gone.
                std::process::exit(129);
            }
            if stop.load(Ordering::Relaxed) {
                let since = *stopping_since.get_or_insert_with(std::time::Instant::now);
                if since.elapsed() > STOP_GRACE {
                    let _ = execute!(stdout(), DisableMouseCapture);
                    ratatui::restore();
                    std::process::exit(143);
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
