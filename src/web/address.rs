//! A dataset's web address: recognised by its scheme wherever a file is accepted, read by a
//! real URL parser (the `url` crate: international host names become their ASCII form, a
//! space in a path is encoded), shown in messages without its credentials and with control
//! characters made visible, and named in the cache by what it shows: no user name, password or
//! secret value ever enters a file name, a record or a message.

use std::fmt;

/// Query parameters whose values are secrets as often as not: shown as `***`, and left out of
/// the cache's names.
const SECRET_PARAMETERS: [&str; 7] = [
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "auth",
    "signature",
];

/// An `http://` or `https://` address.
#[derive(Clone, PartialEq, Eq)]
pub struct WebAddress {
    url: url::Url,
    /// The text as given, for finding what earlier versions of lotse named after it; never
    /// shown.
    given: String,
}

/// Why a text that is meant as an address is none; the message names no credentials.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct AddressError {
    pub message: String,
}

impl WebAddress {
    /// The address in `text`, when it is meant as one (`http://` or `https://`, any case);
    /// `None`: anything else, which is a file name. An address the parser refuses is an
    /// error: lotse never guesses where to connect.
    pub fn parse(text: &str) -> Option<Result<Self, AddressError>> {
        let (scheme, rest) = text.split_once("://")?;
        let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        if !web || rest.is_empty() {
            return None;
        }
        Some(match url::Url::parse(text) {
            Ok(url) if url.host_str().is_some_and(|h| !h.is_empty()) => Ok(Self {
                url,
                given: text.to_owned(),
            }),
            Ok(_) => Err(invalid(text, "it names no host")),
            Err(error) => Err(invalid(text, &explain(text, error))),
        })
    }

    /// The address in a command-line argument or `LOTSE_DATASET`.
    pub fn from_path(path: &std::path::Path) -> Option<Result<Self, AddressError>> {
        Self::parse(path.to_str()?)
    }

    /// What is sent: the address as the parser made it (the host in its ASCII form).
    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    /// The address for messages, records and the cache's names: no user or password (`***@`
    /// where there were any), no secret query values, control characters made visible.
    pub fn shown(&self) -> String {
        let mut shown = self.url.clone();
        let had_credentials = !shown.username().is_empty() || shown.password().is_some();
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        let text = without_secrets(shown.as_str());
        let text = if had_credentials {
            text.replacen("://", "://***@", 1)
        } else {
            text
        };
        crate::text::visible(&text).into_owned()
    }

    /// The address exactly as the user gave it (credentials and all): only to find what
    /// earlier versions of lotse named after it.
    pub(super) fn as_given(&self) -> &str {
        &self.given
    }

    /// Whether it is `https://`.
    pub fn is_secure(&self) -> bool {
        self.url.scheme() == "https"
    }

    /// The host in its ASCII form, for the cache's names and the proxy rules.
    pub fn host(&self) -> &str {
        self.url.host_str().unwrap_or_default()
    }

    /// The last part of the path (`schedule.json`), what an imported dataset cites as its
    /// source's file; the host when the path has none.
    pub fn file_name(&self) -> String {
        let last = self
            .url
            .path_segments()
            .and_then(|mut segments| segments.rfind(|s| !s.is_empty()));
        crate::text::visible(last.unwrap_or(self.host())).into_owned()
    }
}

/// An address as text (one the parser refused, a proxy's) without what may be a user name
/// and password: whatever stands before the last `@` after the scheme is `***`.
pub(super) fn without_user_info(text: &str) -> String {
    let (scheme, rest) = match text.split_once("://") {
        Some((scheme, rest)) => (format!("{scheme}://"), rest),
        None => (String::new(), text),
    };
    match rest.rfind('@') {
        Some(at) => format!("{scheme}***@{}", &rest[at + 1..]),
        None => text.to_owned(),
    }
}

/// An address the parser refused, said without what may be a password or a secret.
fn invalid(text: &str, why: &str) -> AddressError {
    let shown = crate::text::visible(&without_secrets(&without_user_info(text))).into_owned();
    AddressError {
        message: format!("{shown} is not an address lotse can use: {why}"),
    }
}

/// The parser's reason, with what usually causes it where there is user information.
fn explain(text: &str, error: url::ParseError) -> String {
    let has_user = text
        .split_once("://")
        .is_some_and(|(_, rest)| rest.contains('@'));
    match error {
        url::ParseError::InvalidPort if has_user => "the port is not a number (a password \
             holding `#`, `?`, `/` or `@` must be written %23, %3F, %2F, %40)"
            .to_owned(),
        other => other.to_string(),
    }
}

/// An address with the values of secret-looking query parameters replaced by `***`.
fn without_secrets(address: &str) -> String {
    let (before_fragment, fragment) = match address.split_once('#') {
        Some((before, fragment)) => (before, Some(fragment)),
        None => (address, None),
    };
    let Some((before, query)) = before_fragment.split_once('?') else {
        return address.to_owned();
    };
    let parameters: Vec<String> = query
        .split('&')
        .map(|parameter| match parameter.split_once('=') {
            Some((name, _)) if is_secret(name) => format!("{name}=***"),
            _ => parameter.to_owned(),
        })
        .collect();
    let mut shown = format!("{before}?{}", parameters.join("&"));
    if let Some(fragment) = fragment {
        shown.push('#');
        shown.push_str(fragment);
    }
    shown
}

fn is_secret(name: &str) -> bool {
    let name = name.to_ascii_lowercase();
    SECRET_PARAMETERS.iter().any(|secret| name.contains(secret))
}

/// Debug shows the address as messages do: a log or a panic never prints a password.
impl fmt::Debug for WebAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "WebAddress({})", self.shown())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> WebAddress {
        WebAddress::parse(text)
            .expect("meant as an address")
            .expect("valid")
    }

    #[test]
    fn only_http_and_https_are_addresses() {
        assert!(WebAddress::parse("https://example.org/schedule.json").is_some());
        assert!(WebAddress::parse("HTTP://example.org").is_some());
        assert!(WebAddress::parse("schedule.json").is_none());
        assert!(WebAddress::parse("ftp://example.org/x").is_none());
        assert!(WebAddress::parse("https://").is_none());
        assert!(WebAddress::parse("./http://x").is_none());
    }

    #[test]
    fn messages_show_no_credentials_and_no_control_characters() {
        let address = parsed("https://ada:s3cret@example.org/s.json?api_token=abc&day=1#x");
        assert_eq!(
            address.shown(),
            "https://***@example.org/s.json?api_token=***&day=1#x"
        );
        assert!(!format!("{address:?}").contains("s3cret"));
        let hostile = parsed("http://example.org/\u{1b}[2Jx");
        assert!(!hostile.shown().contains('\u{1b}'), "{}", hostile.shown());
    }

    #[test]
    fn a_password_with_reserved_characters_is_refused_never_printed_nor_taken_for_a_host() {
        for text in [
            "https://ada:p#ss@example.org/s.json",
            "https://ada:p?ss@example.org/s.json",
            "https://ada:p/ss@example.org/s.json",
        ] {
            let error = WebAddress::parse(text).unwrap().unwrap_err().to_string();
            assert!(
                !error.contains("p#ss") && !error.contains("p?ss"),
                "{error}"
            );
            assert!(!error.contains("ada"), "{error}");
            assert!(error.contains("%23"), "{error}");
        }
        // Encoded as it must be, it is an address, shown without it.
        let encoded = parsed("https://ada:p%23ss@example.org/s.json");
        assert_eq!(encoded.host(), "example.org");
        assert_eq!(encoded.shown(), "https://***@example.org/s.json");
    }

    #[test]
    fn international_host_names_are_sent_in_their_ascii_form() {
        let address = parsed("https://bücher.example/plan.json");
        assert_eq!(address.host(), "xn--bcher-kva.example");
        assert_eq!(address.as_str(), "https://xn--bcher-kva.example/plan.json");
        let spaced = parsed("https://example.org/my plan.json");
        assert_eq!(spaced.as_str(), "https://example.org/my%20plan.json");
    }

    #[test]
    fn host_and_file_name() {
        let address = parsed("https://u:p@fahrplan.example:8443/36c3/schedule.json?x");
        assert_eq!(address.host(), "fahrplan.example");
        assert_eq!(address.file_name(), "schedule.json");
        let bare = parsed("http://example.org/");
        assert_eq!(bare.file_name(), "example.org");
    }
}
