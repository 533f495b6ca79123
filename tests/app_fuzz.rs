//! Robustness: random sequences of actions, key presses, clicks, wheel turns
//! and resizes on the seeds and on awkward documents (empty, one huge line,
//! control characters, CJK) never panic, and every frame draws.

use proptest::prelude::*;
use ratatui::crossterm::event::{
    Event, KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEvent, MouseEventKind,
};
use refrain::action::Action;
use refrain::app::{App, AppOptions};
use refrain::corpus::{Corpus, Document};
use refrain::keymap::Keymap;
use refrain::reuse::Analysis;
use refrain::ui::snapshot::render;
use std::sync::{Arc, OnceLock};

fn analyses() -> &'static [Arc<Analysis>; 2] {
    static A: OnceLock<[Arc<Analysis>; 2]> = OnceLock::new();
    A.get_or_init(|| {
        let seeds = refrain::analyse(refrain::corpus::seeds(), &refrain::Params::default());
        let shared = "a passage that is repeated in every awkward document below, long enough to count as shared text";
        let docs = vec![
            Document::new("empty.txt", ""),
            Document::new("one_line.txt", format!("{shared} {}", "word ".repeat(3000))),
            Document::new(
                "controls.txt",
                format!("\x1b[2J\tTab\x07\r\n{shared}\r\n\u{202e}x\u{9b}y\n\n中文字符{shared}"),
            ),
            Document::new("cjk.txt", format!("漢字かな交じり文{shared}\n한국어 텍스트\n")),
        ];
        let odd = refrain::analyse(Corpus { documents: docs }, &refrain::Params::default());
        [Arc::new(seeds), Arc::new(odd)]
    })
}

#[derive(Debug, Clone)]
enum Step {
    Act(usize),
    Char(char),
    Resize(u16, u16),
    Click(u16, u16),
    Wheel(bool, u16, u16),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        6 => (0..Action::ALL.len()).prop_map(Step::Act),
        1 => prop::sample::select(vec!['/', 'x', 'y', '中', '\n', '\x1b', 'n', ']']).prop_map(Step::Char),
        1 => (1u16..160, 1u16..60).prop_map(|(w, h)| Step::Resize(w, h)),
        1 => (0u16..160, 0u16..60).prop_map(|(x, y)| Step::Click(x, y)),
        1 => (any::<bool>(), 0u16..160, 0u16..60).prop_map(|(d, x, y)| Step::Wheel(d, x, y)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]
    #[test]
    fn random_use_never_panics(which in 0usize..2, steps in prop::collection::vec(step(), 1..60)) {
        let mut app = App::new(analyses()[which].clone(), Arc::new(Keymap::default()), AppOptions::default());
        let (mut w, mut h) = (80u16, 24u16);
        for s in steps {
            match s {
                Step::Act(i) if Action::ALL[i] != Action::Quit => app.update(Action::ALL[i]),
                Step::Act(_) => {}
                Step::Char(c) => {
                    let code = match c {
                        '\n' => KeyCode::Enter,
                        '\x1b' => KeyCode::Esc,
                        c => KeyCode::Char(c),
                    };
                    app.handle_event(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
                }
                Step::Resize(nw, nh) => {
                    (w, h) = (nw, nh);
                    app.handle_event(&Event::Resize(w, h));
                }
                Step::Click(x, y) | Step::Wheel(_, x, y) => {
                    let kind = match s {
                        Step::Wheel(true, ..) => MouseEventKind::ScrollDown,
                        Step::Wheel(false, ..) => MouseEventKind::ScrollUp,
                        _ => MouseEventKind::Down(MouseButton::Left),
                    };
                    app.handle_event(&Event::Mouse(MouseEvent { kind, column: x, row: y, modifiers: KeyModifiers::NONE }));
                }
            }
            render(&mut app, w, h);
        }
    }
}

#[test]
fn app_is_send() {
    fn send<T: Send>() {}
    send::<App>();
}
