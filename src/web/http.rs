//! One GET, politely: the copy's validators sent along (`If-None-Match`, `If-Modified-Since`),
//! redirects followed a bounded number of times, a timeout on connecting and on every read,
//! one deadline for the whole download (a server that sends a byte a second keeps no one
//! waiting for hours), a limit on the body, the proxy the environment names (`proxy`), TLS
//! verified by rustls against the roots built into lotse (no OpenSSL).

use std::time::Duration;

use super::WebAddress;

/// How patient lotse is with a server, and how much it takes (`[web]` in config.toml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// For connecting, for the answer's headers, and for each read of its body.
    pub timeout: Duration,
    /// For the whole download, redirects included.
    pub deadline: Duration,
    /// The most a body may hold, in bytes.
    pub max_bytes: u64,
    pub max_redirects: u32,
}

/// What the server last said about the copy lotse has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// How the server answered.
#[derive(Debug)]
pub enum Answer {
    /// `304`: the copy is current.
    NotModified,
    /// A body, with what to send next time.
    Body {
        bytes: Vec<u8>,
        validators: Validators,
        content_type: Option<String>,
    },
}

/// Why no answer came that lotse can use; the message is for the user and names no
/// credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchError {
    pub message: String,
    /// Whether the server answered (with a status lotse cannot use); else it was not reached.
    pub answered: bool,
}

/// Asks for `address`, sending `validators` when there is a copy.
pub fn get(
    address: &WebAddress,
    validators: &Validators,
    limits: Limits,
) -> Result<Answer, FetchError> {
    let proxy =
        super::proxy::for_address(address, |name| std::env::var(name).ok()).map_err(|message| {
            FetchError {
                message,
                answered: false,
            }
        })?;
    let agent = agent(limits, proxy);
    let mut request = agent.get(address.as_str()).header(
        "Accept",
        "application/json, application/xml;q=0.9, text/xml;q=0.9, text/calendar;q=0.9, */*;q=0.5",
    );
    // A validator that is no header value (a hand-edited record) would fail every request;
    // without it, the request is only less polite.
    if let Some(etag) = validators.etag.as_deref().filter(|v| is_header_value(v)) {
        request = request.header("If-None-Match", etag);
    }
    if let Some(date) = validators
        .last_modified
        .as_deref()
        .filter(|v| is_header_value(v))
    {
        request = request.header("If-Modified-Since", date);
    }
    let mut response = request.call().map_err(|e| explain(&e, address, limits))?;
    let status = response.status();
    if status == 304 && validators != &Validators::default() {
        return Ok(Answer::NotModified);
    }
    // Any success with a body will do (203 from a proxy that changed it, for one); 204 and
    // 205 have none to give.
    if !status.is_success() || matches!(status.as_u16(), 204 | 205) {
        let reason = status.canonical_reason().unwrap_or("");
        return Err(FetchError {
            message: format!("the server answered {} {reason}", status.as_u16())
                .trim_end()
                .to_owned(),
            answered: true,
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned)
    };
    let validators = Validators {
        etag: header("etag").filter(|v| is_header_value(v)),
        last_modified: header("last-modified").filter(|v| is_header_value(v)),
    };
    let content_type = header("content-type");
    let bytes = response
        .body_mut()
        .with_config()
        .limit(limits.max_bytes)
        .read_to_vec()
        .map_err(|e| explain(&e, address, limits))?;
    Ok(Answer::Body {
        bytes,
        validators,
        content_type,
    })
}

/// Whether a validator can be sent back as a header value: visible characters and spaces,
/// no line break that would end the header (RFC 9110's field-value, without obsolete text).
pub fn is_header_value(value: &str) -> bool {
    !value.is_empty()
        && value
            .bytes()
            .all(|b| b == b' ' || b == b'\t' || (0x21..0x7f).contains(&b))
}

fn agent(limits: Limits, proxy: Option<ureq::Proxy>) -> ureq::Agent {
    let timeout = Some(limits.timeout);
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        // Only the proxy `proxy` chose: ureq's own reading of the environment would go
        // around a value it cannot use.
        .proxy(proxy)
        .timeout_global(Some(limits.deadline))
        .max_redirects(limits.max_redirects)
        .timeout_connect(timeout)
        .timeout_recv_response(timeout)
        .timeout_per_read(timeout)
        .user_agent(concat!("lotse/", env!("CARGO_PKG_VERSION")))
        .build()
        .new_agent()
}

/// The user's words for what went wrong: ureq's own message where it says it best, with the
/// address as messages show it (ureq's may quote it whole, credentials and all).
fn explain(error: &ureq::Error, address: &WebAddress, limits: Limits) -> FetchError {
    let message = match error {
        ureq::Error::Timeout(ureq::Timeout::Global) => format!(
            "the download did not end within {} s (`deadline` in config.toml's [web] gives it \
             longer)",
            limits.deadline.as_secs_f32()
        ),
        ureq::Error::Timeout(_) => format!(
            "no answer within {} s (the network may be down)",
            limits.timeout.as_secs_f32()
        ),
        ureq::Error::HostNotFound => "the host is not known (no network, or a typo?)".to_owned(),
        ureq::Error::ConnectionFailed => "the connection failed".to_owned(),
        ureq::Error::TooManyRedirects => {
            format!("more than {} redirects", limits.max_redirects)
        }
        ureq::Error::BodyExceedsLimit(limit) => format!(
            "the schedule is larger than {} (`max_size` in config.toml's [web] raises it)",
            size_text(*limit)
        ),
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "the connection was refused".to_owned(),
            std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted => {
                "the connection was reset".to_owned()
            }
            std::io::ErrorKind::TimedOut | std::io::ErrorKind::WouldBlock => format!(
                "no answer within {} s (the network may be down)",
                limits.timeout.as_secs_f32()
            ),
            std::io::ErrorKind::UnexpectedEof => "the connection closed too early".to_owned(),
            // rustls's errors come as invalid data (a server that speaks no TLS, a
            // certificate that does not verify).
            std::io::ErrorKind::InvalidData if address.is_secure() => {
                format!("the secure connection failed: {io}")
            }
            _ => io.to_string(),
        },
        ureq::Error::Rustls(tls) => format!("the secure connection failed: {tls}"),
        ureq::Error::Tls(tls) => format!("the secure connection failed: {tls}"),
        other => other.to_string(),
    };
    let message = message.replace(address.as_str(), &address.shown());
    FetchError {
        message: crate::text::visible(&message).into_owned(),
        answered: false,
    }
}

/// `1.5 MB`, `300 kB`, `12 bytes`.
pub fn size_text(bytes: u64) -> String {
    match bytes {
        0..1_000 => format!("{bytes} bytes"),
        1_000..1_000_000 => format!("{} kB", bytes / 1_000),
        _ => {
            let megabytes = bytes as f64 / 1e6;
            format!("{megabytes:.1} MB").replace(".0 MB", " MB")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validators_with_line_breaks_are_not_sent() {
        assert!(is_header_value("\"abc-123\""));
        assert!(is_header_value("W/\"x y\""));
        assert!(is_header_value("Sat, 28 Dec 2019 10:00:00 GMT"));
        assert!(!is_header_value("\"abc\"\r\nX-Evil: 1"));
        assert!(!is_header_value("\"abc\"\n"));
        assert!(!is_header_value(""));
        assert!(!is_header_value("caf\u{e9}"));
    }

    #[test]
    fn sizes_read_as_people_write_them() {
        assert_eq!(size_text(12), "12 bytes");
        assert_eq!(size_text(300_500), "300 kB");
        assert_eq!(size_text(100_000_000), "100 MB");
        assert_eq!(size_text(1_500_000), "1.5 MB");
    }
}
