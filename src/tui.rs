//! The local event loop: terminal set-up and restore, reading events, drawing.
//!
//! PLACEHOLDER until the reader issue lands.

use crate::app::App;
use ratatui::crossterm::event;

/// Runs the reader in the current terminal until the user quits.
pub fn run(mut app: App) -> std::io::Result<()> {
    ratatui::run(|terminal| -> std::io::Result<()> {
        while !app.should_quit() {
            terminal.draw(|f| crate::ui::draw(f, &mut app))?;
            let ev = event::read()?;
            app.handle_event(&ev);
        }
        Ok(())
    })
}
