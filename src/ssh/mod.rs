//! `refrain serve`: the same app and UI served over SSH, one app per session,
//! sharing one read-only analysis.
//!
//! PLACEHOLDER until the serve issue lands.

use crate::reuse::Analysis;
use std::sync::Arc;

/// Serves the reader on `args.listen` until interrupted.
pub fn serve(_args: &crate::cli::ServeArgs, _analysis: Arc<Analysis>) -> Result<(), String> {
    Err("serve is not implemented yet".into())
}
