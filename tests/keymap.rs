//! Keymaps through the library API: the shipped presets, every kind of invalid
//! file (fixtures in tests/fixtures/keymaps/), sequence matching and user
//! overrides.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use refrain::action::Action;
use refrain::keymap::{Context, KeyMatcher, Keymap, Match, PRESETS};
use std::path::Path;

const FIXTURES: &str = "tests/fixtures/keymaps";

fn fixture(name: &str) -> String {
    format!("{FIXTURES}/{name}")
}

/// The one-line error of loading fixture `name` as the `--keymap` file.
fn error_of(name: &str) -> String {
    Keymap::load_with(Some(&fixture(name)), None)
        .expect_err("the fixture is invalid")
        .to_string()
}

fn press(s: &str) -> Vec<KeyEvent> {
    // Keys as a terminal sends them: a capital letter arrives with SHIFT.
    s.split_whitespace()
        .map(|k| {
            let key: refrain::keymap::Key = k.parse().unwrap();
            let mut mods = key.modifiers();
            if let KeyCode::Char(c) = key.code()
                && c.is_uppercase()
            {
                mods |= KeyModifiers::SHIFT;
            }
            KeyEvent::new(key.code(), mods)
        })
        .collect()
}

fn feed_all(m: &mut KeyMatcher, km: &Keymap, ctx: Context, keys: &str) -> Vec<Match> {
    press(keys)
        .into_iter()
        .map(|ev| m.feed(km, ctx, ev))
        .collect()
}

#[test]
fn keymap_is_send_and_sync() {
    fn shareable<T: Send + Sync>() {}
    shareable::<Keymap>();
}

/// Actions that only mean something in compare, and those compare replaces
/// there (`]` / `[` move between differences, not passages).
fn compare_only(ctx: Context, action: Action) -> bool {
    use Action::*;
    let only = matches!(action, NextDifference | PrevDifference | Unfold | Fold);
    let replaced = matches!(action, NextPassage | PrevPassage);
    if ctx == Context::Compare {
        replaced
    } else {
        only
    }
}

#[test]
fn every_preset_binds_every_action_in_every_context() {
    for (name, file, _) in PRESETS {
        let km = Keymap::preset(name).unwrap();
        for ctx in Context::ALL {
            for action in Action::ALL {
                let bound = !km.keys_for(ctx, *action).is_empty();
                // Search does nothing in a comparison: the default keymap
                // gives its `n` / `N` to the differences there.
                let search = matches!(action, Action::SearchNext | Action::SearchPrev);
                if ctx == Context::Compare && search {
                    continue;
                }
                if compare_only(ctx, *action) {
                    assert!(
                        !bound || ctx == Context::Help,
                        "{name}: {} bound in {}",
                        action.name(),
                        ctx.name()
                    );
                    continue;
                }
                assert!(bound, "{name}: {} unbound in {}", action.name(), ctx.name());
            }
        }
        assert!(km.unbound().is_empty());
        // the file on disk loads by path too, with the same bindings
        let by_path = Keymap::load_with(Some(file), None).unwrap();
        for ctx in Context::ALL {
            for action in Action::ALL {
                assert_eq!(by_path.keys_for(ctx, *action), km.keys_for(ctx, *action));
            }
        }
    }
}

#[test]
fn default_is_the_default_preset() {
    let d = Keymap::default();
    assert_eq!(d.sources(), ["default"]);
    let loaded = Keymap::load_with(None, None).unwrap();
    assert_eq!(loaded.sources(), ["default"]);
    for action in Action::ALL {
        assert_eq!(
            d.keys_for(Context::Reader, *action),
            loaded.keys_for(Context::Reader, *action)
        );
    }
}

/// Checks that each `(keys, action)` pair is a whole binding in `preset`'s reader.
fn assert_binds(preset: &str, pairs: &[(&str, Action)]) {
    let km = Keymap::preset(preset).unwrap();
    for (keys, action) in pairs {
        let mut m = KeyMatcher::default();
        let got = feed_all(&mut m, &km, Context::Reader, keys);
        assert_eq!(
            got.last(),
            Some(&Match::Action(*action)),
            "{preset}: {keys} should be {}",
            action.name()
        );
    }
}

#[test]
fn default_preset_has_the_promised_keys() {
    use Action::*;
    assert_binds(
        "default",
        &[
            ("q", Quit),
            ("?", Help),
            ("j", ScrollDown),
            ("down", ScrollDown),
            ("k", ScrollUp),
            ("up", ScrollUp),
            ("space", PageDown),
            ("pgdown", PageDown),
            ("b", PageUp),
            ("pgup", PageUp),
            ("g", Top),
            ("home", Top),
            ("G", Bottom),
            ("end", Bottom),
            ("tab", NextPane),
            ("]", NextPassage),
            ("[", PrevPassage),
            ("c", Compare),
            ("o", OtherOccurrence),
            ("s", SwapSides),
            ("p", Passages),
            ("/", Search),
            ("n", SearchNext),
            ("N", SearchPrev),
            ("e", OpenEditor),
            ("esc", Back),
            ("enter", Select),
        ],
    );
}

#[test]
fn vim_preset_has_vim_habits() {
    use Action::*;
    assert_binds(
        "vim",
        &[
            ("j", ScrollDown),
            ("k", ScrollUp),
            ("ctrl-d", HalfPageDown),
            ("ctrl-u", HalfPageUp),
            ("ctrl-f", PageDown),
            ("ctrl-b", PageUp),
            ("g g", Top),
            ("G", Bottom),
            ("] c", NextPassage),
            ("[ c", PrevPassage),
            ("/", Search),
            ("n", SearchNext),
            ("N", SearchPrev),
            ("q", Quit),
            ("z z", Center),
            ("esc", Back),
        ],
    );
}

#[test]
fn emacs_preset_has_emacs_habits() {
    use Action::*;
    assert_binds(
        "emacs",
        &[
            ("ctrl-n", ScrollDown),
            ("ctrl-p", ScrollUp),
            ("ctrl-v", PageDown),
            ("alt-v", PageUp),
            ("alt-<", Top),
            ("alt->", Bottom),
            ("ctrl-s", Search),
            ("ctrl-r", SearchPrev),
            ("ctrl-x ctrl-c", Quit),
            ("ctrl-g", Back),
        ],
    );
}

#[test]
fn invalid_files_name_file_line_and_problem() {
    let cases = [
        (
            "unknown_action.toml",
            "tests/fixtures/keymaps/unknown_action.toml:3: unknown action \"scroll_dwn\" in [global] (`refrain keys` lists the actions)",
        ),
        (
            "bad_key.toml",
            "tests/fixtures/keymaps/bad_key.toml:5: bad key sequence \"g ctl-d\" for half_page_down in [reader]: unknown key \"ctl-d\"",
        ),
        (
            "duplicate.toml",
            "tests/fixtures/keymaps/duplicate.toml:6: \"j\" for page_down is already bound to scroll_down in [reader] (line 2)",
        ),
        (
            "duplicate_global.toml",
            "tests/fixtures/keymaps/duplicate_global.toml:4: \"j\" for top is already bound to scroll_down in [global] (line 2)",
        ),
        (
            "prefix.toml",
            "tests/fixtures/keymaps/prefix.toml:4: \"g\" for center is also the start of \"g g\" for top in [global] (line 2)",
        ),
        (
            "prefix_longer.toml",
            "tests/fixtures/keymaps/prefix_longer.toml:3: \"c s\" for swap_sides starts with \"c\", already bound to compare in [compare] (line 2)",
        ),
        (
            "unknown_table.toml",
            "tests/fixtures/keymaps/unknown_table.toml:4: unknown table [reeder]; the tables are global, library, reader, compare, passages, help, all_occurrences, where_else",
        ),
        (
            "top_level.toml",
            "tests/fixtures/keymaps/top_level.toml:2: \"quit\" must be inside a table such as [global]",
        ),
        (
            "not_a_list.toml",
            "tests/fixtures/keymaps/not_a_list.toml:3: help in [global] must be a list of keys, like [\"q\", \"ctrl-x ctrl-c\"]",
        ),
        (
            "not_strings.toml",
            "tests/fixtures/keymaps/not_strings.toml:2: quit in [global] must be a list of keys, like [\"q\", \"ctrl-x ctrl-c\"]",
        ),
        (
            "invalid_toml.toml",
            "tests/fixtures/keymaps/invalid_toml.toml:3: invalid TOML: missing comma between array elements, expected `,`",
        ),
        (
            "missing.toml",
            "tests/fixtures/keymaps/missing.toml: cannot read keymap: No such file or directory (os error 2)",
        ),
    ];
    for (name, expected) in cases {
        let got = error_of(name);
        assert_eq!(got, expected, "{name}");
        assert!(!got.contains('\n'));
    }
}

#[test]
fn unknown_preset_is_an_error() {
    let err = Keymap::load_with(Some("vi"), None).unwrap_err();
    assert_eq!(
        err.to_string(),
        "vi: no such keymap; the presets are default, vim and emacs, or give the path of a .toml file"
    );
}

#[test]
fn user_conflict_blames_the_user_file() {
    let user = fixture("user_conflict.toml");
    let err = Keymap::load_with(None, Some(Path::new(&user))).unwrap_err();
    // The line of the default keymap's `[library]` binding of `s`, which the error must name.
    let lines: Vec<String> = std::fs::read_to_string("keymaps/default.toml")
        .unwrap()
        .lines()
        .map(String::from)
        .collect();
    let sort_line = lines
        .iter()
        .rposition(|l| l.starts_with("sort = [\"s\"]"))
        .unwrap()
        + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "tests/fixtures/keymaps/user_conflict.toml:2: \"s\" for search is already bound to sort in [library] (keymaps/default.toml:{sort_line})"
        )
    );
}

#[test]
fn user_override_replaces_only_the_actions_it_names() {
    let base = Keymap::preset("default").unwrap();
    let user = fixture("user_override.toml");
    let km = Keymap::load_with(None, Some(Path::new(&user))).unwrap();
    assert_eq!(km.sources(), ["default".to_string(), user.clone()]);
    for ctx in Context::ALL {
        for action in Action::ALL {
            let expected: Vec<String> = match (ctx, action) {
                (_, Action::ScrollDown) => vec!["ctrl-j".into(), "down".into()],
                (Context::Reader, Action::Quit) => vec!["Q".into()],
                _ => base.keys_for(ctx, *action),
            };
            assert_eq!(
                km.keys_for(ctx, *action),
                expected,
                "{} in {}",
                action.name(),
                ctx.name()
            );
        }
    }
    // and the matcher follows: j is now unbound, Q quits only in the reader
    let mut m = KeyMatcher::default();
    assert_eq!(
        feed_all(&mut m, &km, Context::Reader, "j"),
        [Match::Unbound]
    );
    assert_eq!(
        feed_all(&mut m, &km, Context::Reader, "ctrl-j"),
        [Match::Action(Action::ScrollDown)]
    );
    assert_eq!(
        feed_all(&mut m, &km, Context::Reader, "Q q"),
        [Match::Action(Action::Quit), Match::Unbound]
    );
    assert_eq!(
        feed_all(&mut m, &km, Context::Library, "q"),
        [Match::Action(Action::Quit)]
    );
}

#[test]
fn user_global_entry_replaces_a_base_context_entry() {
    let user = fixture("user_global.toml");
    let km = Keymap::load_with(
        Some(&fixture("base_with_context.toml")),
        Some(Path::new(&user)),
    )
    .unwrap();
    for ctx in Context::ALL {
        assert_eq!(km.keys_for(ctx, Action::ScrollDown), ["ctrl-n"]);
    }
    let base = Keymap::load_with(Some(&fixture("base_with_context.toml")), None).unwrap();
    assert_eq!(base.keys_for(Context::Reader, Action::ScrollDown), ["J"]);
    assert_eq!(base.keys_for(Context::Library, Action::ScrollDown), ["j"]);
    // an action no table names is unbound, and listed as such
    assert!(base.keys_for(Context::Reader, Action::Help).is_empty());
    assert_eq!(base.unbound().len(), Action::ALL.len() - 2);
}

#[test]
fn user_can_unbind_and_unbound_reports_it() {
    let user = fixture("user_unbind.toml");
    let km = Keymap::load_with(Some("vim"), Some(Path::new(&user))).unwrap();
    assert_eq!(km.unbound(), [Action::SwapSides, Action::OpenEditor]);
    let (text, code) = refrain::keymap::check_report(&km);
    assert_eq!(code, 1);
    assert_eq!(
        text,
        format!(
            "keymap vim + {user}: 2 of {} actions are unbound:\n  swap_sides   Swap the left and right sides of the comparison\n  open_editor  Open the document in $EDITOR at the current line\n",
            Action::ALL.len()
        )
    );
}

#[test]
fn sequences_pend_complete_and_cancel() {
    let km = Keymap::preset("vim").unwrap();
    let ctx = Context::Reader;
    let mut m = KeyMatcher::default();
    assert_eq!(m.pending(), None);
    // a prefix waits and is shown; the next key completes it
    assert_eq!(feed_all(&mut m, &km, ctx, "g"), [Match::Pending]);
    assert_eq!(m.pending().as_deref(), Some("g"));
    assert_eq!(
        feed_all(&mut m, &km, ctx, "g"),
        [Match::Action(Action::Top)]
    );
    assert_eq!(m.pending(), None);
    // esc cancels a pending prefix; alone, it is `back`
    assert_eq!(
        feed_all(&mut m, &km, ctx, "] esc"),
        [Match::Pending, Match::Cancelled]
    );
    assert_eq!(m.pending(), None);
    assert_eq!(
        feed_all(&mut m, &km, ctx, "esc"),
        [Match::Action(Action::Back)]
    );
    // a key that continues nothing drops the prefix
    assert_eq!(
        feed_all(&mut m, &km, ctx, "z x"),
        [Match::Pending, Match::Unbound]
    );
    assert_eq!(m.pending(), None);
    assert_eq!(feed_all(&mut m, &km, ctx, "y"), [Match::Unbound]);
    // three-key sequence display, shifted letters, and a completed sequence
    assert_eq!(feed_all(&mut m, &km, ctx, "ctrl-w"), [Match::Pending]);
    assert_eq!(m.pending().as_deref(), Some("ctrl-w"));
    assert_eq!(
        feed_all(&mut m, &km, ctx, "x"),
        [Match::Action(Action::SwapSides)]
    );
    assert_eq!(
        feed_all(&mut m, &km, ctx, "Z Q G"),
        [
            Match::Pending,
            Match::Action(Action::Quit),
            Match::Action(Action::Bottom)
        ]
    );
    // G sent as Char('g') + SHIFT is the same key
    let shift_g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::SHIFT);
    assert_eq!(m.feed(&km, ctx, shift_g), Match::Action(Action::Bottom));
}

#[test]
fn releases_are_ignored_and_context_changes_drop_the_prefix() {
    let km = Keymap::preset("vim").unwrap();
    let mut m = KeyMatcher::default();
    let g = KeyEvent::new(KeyCode::Char('g'), KeyModifiers::NONE);
    let mut g_up = g;
    g_up.kind = KeyEventKind::Release;
    assert_eq!(m.feed(&km, Context::Reader, g), Match::Pending);
    assert_eq!(m.feed(&km, Context::Reader, g_up), Match::Unbound);
    assert_eq!(m.pending().as_deref(), Some("g"));
    assert_eq!(m.feed(&km, Context::Reader, g), Match::Action(Action::Top));
    assert_eq!(m.feed(&km, Context::Reader, g), Match::Pending);
    assert_eq!(m.feed(&km, Context::Help, g), Match::Pending);
    assert_eq!(m.pending().as_deref(), Some("g"));
    m.reset();
    assert_eq!(m.pending(), None);
}

#[test]
fn emacs_ctrl_g_cancels_a_prefix() {
    let km = Keymap::preset("emacs").unwrap();
    let mut m = KeyMatcher::default();
    let ctx = Context::Compare;
    assert_eq!(feed_all(&mut m, &km, ctx, "ctrl-x"), [Match::Pending]);
    assert_eq!(m.pending().as_deref(), Some("ctrl-x"));
    assert_eq!(feed_all(&mut m, &km, ctx, "ctrl-g"), [Match::Cancelled]);
    assert_eq!(
        feed_all(&mut m, &km, ctx, "ctrl-x ctrl-c"),
        [Match::Pending, Match::Action(Action::Quit)]
    );
    assert_eq!(
        feed_all(&mut m, &km, ctx, "ctrl-g"),
        [Match::Action(Action::Back)]
    );
    // alt-< typed with shift held still reaches `top`
    let alt_lt = KeyEvent::new(KeyCode::Char('<'), KeyModifiers::ALT | KeyModifiers::SHIFT);
    assert_eq!(m.feed(&km, ctx, alt_lt), Match::Action(Action::Top));
    let backtab = KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT);
    assert_eq!(m.feed(&km, ctx, backtab), Match::Unbound);
}

#[test]
fn keys_for_prints_sequences_for_people() {
    let km = Keymap::preset("emacs").unwrap();
    assert_eq!(
        km.keys_for(Context::Reader, Action::Quit),
        ["ctrl-x ctrl-c", "q"]
    );
    assert_eq!(km.keys_for(Context::Help, Action::Top), ["alt-<", "home"]);
    let listed: Vec<Action> = km.bindings(Context::Reader).map(|(a, _)| a).collect();
    assert_eq!(listed, Action::ALL);
}

#[test]
fn readme_example_is_a_valid_keymap() {
    let readme = std::fs::read_to_string("README.md").unwrap();
    let section = &readme[readme
        .find("## Keymaps")
        .expect("README has a Keymaps section")..];
    let start = section.find("```toml\n").unwrap() + "```toml\n".len();
    let example = &section[start..start + section[start..].find("```").unwrap()];
    let km = Keymap::from_toml(example, "README.md").unwrap();
    assert_eq!(km.keys_for(Context::Reader, Action::Quit), ["Q"]);
    assert_eq!(
        km.keys_for(Context::Library, Action::Quit),
        ["q", "ctrl-x ctrl-c"]
    );
    assert!(km.keys_for(Context::Reader, Action::OpenEditor).is_empty());
}
