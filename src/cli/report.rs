//! `refrain report`: the analysis printed as text, JSON or JSON Lines,
//! filtered by a marks file and a baseline, with `--exit-code`.

use super::args::{Format, ReportArgs};
use super::load::load_analysis_checked;

/// Runs `refrain report`; `Err` is a one-line message (exit code 2).
pub fn run_report(args: &ReportArgs) -> Result<i32, String> {
    let ignore = match &args.ignore {
        Some(p) if !p.is_file() => {
            return Err(format!("{}: no such marks file", p.display()));
        }
        Some(p) => Some(crate::marks::Marks::read(p)?),
        None => None,
    };
    let baseline = match &args.baseline {
        Some(p) => Some(crate::baseline::Baseline::read(p)?),
        None => None,
    };
    let mut analysis = load_analysis_checked(&args.corpus)?;
    if let Some(marks) = &ignore {
        let d = crate::baseline::retain(&mut analysis, Some(marks), None);
        eprintln!(
            "refrain: {} clusters ignored (marked boilerplate)",
            d.ignored
        );
    }
    // The baseline records what is reported without a baseline, so
    // `--baseline F --write-baseline F` updates F.
    if let Some(p) = &args.write_baseline {
        crate::baseline::Baseline::of(&analysis).write(p)?;
    }
    if let Some(b) = &baseline {
        let d = crate::baseline::retain(&mut analysis, None, Some(b));
        eprintln!(
            "refrain: {} clusters in the baseline, {} new",
            d.known,
            analysis.clusters.len()
        );
    }
    // JSON and JSON Lines are written as they are serialised (a large
    // corpus's report is several times its size).
    let streamed = |write: fn(
        &crate::reuse::Analysis,
        &mut std::io::BufWriter<std::io::StdoutLock<'static>>,
    ) -> std::io::Result<()>| {
        let mut w = std::io::BufWriter::new(std::io::stdout().lock());
        match write(&analysis, &mut w) {
            Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
                Err(format!("standard output: {e}"))
            }
            _ => Ok(String::new()),
        }
    };
    let out = match args.format {
        Format::Text => crate::report::text(&analysis),
        Format::Json => streamed(crate::report::write_json)?,
        Format::Jsonl => streamed(crate::report::jsonl)?,
    };
    // A reader that stops early (`| head`) is not an error.
    use std::io::Write;
    match std::io::stdout().lock().write_all(out.as_bytes()) {
        Err(e) if e.kind() != std::io::ErrorKind::BrokenPipe => {
            return Err(format!("standard output: {e}"));
        }
        _ => {}
    }
    Ok(if args.exit_code && !analysis.clusters.is_empty() {
        1
    } else {
        0
    })
}
