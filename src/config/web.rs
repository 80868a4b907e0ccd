//! `[web]` in config.toml: how long a schedule from the web stays fresh, and how patient
//! lotse is with its server.

use serde::Deserialize;
use toml::Spanned;

use super::ConfigError;
use crate::web::Settings;

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WebFile {
    fresh_for: Option<Spanned<String>>,
    timeout: Option<Spanned<String>>,
    deadline: Option<Spanned<String>>,
    max_size: Option<Spanned<String>>,
    max_redirects: Option<Spanned<u32>>,
}

/// Applies the user's `[web]` over `settings`.
pub(super) fn apply_web(
    settings: &mut Settings,
    web: &WebFile,
    at: &impl Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<(), ConfigError> {
    if let Some(text) = &web.fresh_for {
        settings.fresh_for = duration(text.get_ref())
            .ok_or_else(|| at(text.span(), not_a_duration("fresh_for", text.get_ref())))?;
    }
    if let Some(text) = &web.timeout {
        settings.limits.timeout = duration(text.get_ref())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| at(text.span(), not_a_duration("timeout", text.get_ref())))?;
    }
    if let Some(text) = &web.deadline {
        settings.limits.deadline = duration(text.get_ref())
            .filter(|d| !d.is_zero())
            .ok_or_else(|| at(text.span(), not_a_duration("deadline", text.get_ref())))?;
    }
    if let Some(text) = &web.max_size {
        settings.limits.max_bytes = size(text.get_ref()).ok_or_else(|| {
            at(
                text.span(),
                format!(
                    "web.max_size: {:?} is not a size such as \"100 MB\" or \"500 kB\"",
                    text.get_ref()
                ),
            )
        })?;
    }
    if let Some(count) = &web.max_redirects {
        settings.limits.max_redirects = *count.get_ref();
    }
    Ok(())
}

fn not_a_duration(name: &str, text: &str) -> String {
    format!("web.{name}: {text:?} is not a duration such as \"10m\", \"30s\" or \"1h\"")
}

/// `10m`, `30s`, `1h30m`, `0s`: not negative.
fn duration(text: &str) -> Option<std::time::Duration> {
    let parsed: jiff::SignedDuration = text.trim().parse().ok()?;
    std::time::Duration::try_from(parsed).ok()
}

/// `100 MB`, `500kB`, `2GB`, `12345` (bytes); decimal units, as download sizes are given.
fn size(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.parse().ok()?;
    let factor = match unit.trim().to_ascii_lowercase().as_str() {
        "" | "b" | "bytes" => 1.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        _ => return None,
    };
    let bytes = (number * factor).round();
    (bytes >= 1.0 && bytes < u64::MAX as f64).then_some(bytes as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations() {
        assert_eq!(size("100 MB"), Some(100_000_000));
        assert_eq!(size("500kB"), Some(500_000));
        assert_eq!(size("1.5GB"), Some(1_500_000_000));
        assert_eq!(size("64"), Some(64));
        assert_eq!(size("ten MB"), None);
        assert_eq!(size("0"), None);
        assert_eq!(duration("10m"), Some(std::time::Duration::from_secs(600)));
        assert_eq!(duration("0s"), Some(std::time::Duration::ZERO));
        assert_eq!(duration("-5m"), None);
        assert_eq!(duration("soon"), None);
    }
}
