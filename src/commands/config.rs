//! `lotse config`: where config.toml is, whether it is right, and a commented copy to edit.

use std::io::Write;

use super::Outcome;
use crate::config::Config;

/// What `lotse config` does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfigAction {
    /// Print the path of config.toml.
    Path,
    /// Check config.toml.
    Check,
    /// Write the default configuration to config.toml; never over an existing file.
    Init,
}

pub fn run(
    command: ConfigAction,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> std::io::Result<Outcome> {
    let Some(file) = crate::user_dirs::config_file() else {
        writeln!(err, "lotse: this system has no configuration directory")?;
        return Ok(Outcome::Failure);
    };
    match command {
        ConfigAction::Path => writeln!(out, "{}", file.display())?,
        ConfigAction::Check => match Config::load(&file) {
            Ok(_) if file.exists() => writeln!(out, "ok: {}", file.display())?,
            Ok(_) => writeln!(out, "ok: no {} (the defaults apply)", file.display())?,
            Err(error) => {
                writeln!(err, "lotse: {error}")?;
                return Ok(Outcome::Failure);
            }
        },
        ConfigAction::Init => {
            // `create_new` refuses any name that exists, a link (even a dangling one) too: a
            // check first and a write after would leave a moment for one to appear between.
            let written = file
                .parent()
                .map_or(Ok(()), std::fs::create_dir_all)
                .and_then(|()| {
                    crate::files::create_new(&file, crate::config::DEFAULT_TOML.as_bytes())
                });
            if let Err(error) = written {
                let shown = crate::model::origin_of(&file);
                let message = if error.kind() == std::io::ErrorKind::AlreadyExists {
                    format!("{shown} exists; lotse does not overwrite it")
                } else {
                    format!("{shown}: cannot write: {error}")
                };
                writeln!(err, "lotse: {message}")?;
                return Ok(Outcome::Failure);
            }
            writeln!(out, "wrote {}", file.display())?;
        }
    }
    Ok(Outcome::Success)
}
