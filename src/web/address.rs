//! A dataset's web address: recognised by its scheme wherever a file is accepted, shown in
//! messages without its credentials and with control characters made visible, and named in
//! the cache by a hash of the whole address.

use std::fmt;

/// Query parameters whose values are secrets as often as not: shown as `***`.
const SECRET_PARAMETERS: [&str; 7] = [
    "token",
    "key",
    "secret",
    "password",
    "passwd",
    "auth",
    "signature",
];

/// An `http://` or `https://` address, as the user gave it.
#[derive(Clone, PartialEq, Eq)]
pub struct WebAddress {
    text: String,
}

impl WebAddress {
    /// The address in `text`, when it is one (`http://` or `https://`, any case); anything
    /// else is a file name.
    pub fn parse(text: &str) -> Option<Self> {
        let (scheme, rest) = text.split_once("://")?;
        let web = scheme.eq_ignore_ascii_case("http") || scheme.eq_ignore_ascii_case("https");
        (web && !rest.is_empty()).then(|| Self {
            text: text.to_owned(),
        })
    }

    /// The address in a command-line argument or `LOTSE_DATASET`.
    pub fn from_path(path: &std::path::Path) -> Option<Self> {
        Self::parse(path.to_str()?)
    }

    /// What is sent: the address as given.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The address for messages: no user or password, no secret query values, control
    /// characters made visible.
    pub fn shown(&self) -> String {
        let (scheme, rest) = self.text.split_once("://").unwrap_or(("", &self.text));
        let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
        let (authority, path) = rest.split_at(authority_end);
        let host = match authority.rsplit_once('@') {
            Some((_, host)) => format!("***@{host}"),
            None => authority.to_owned(),
        };
        let path = without_secrets(path);
        crate::text::visible(&format!("{scheme}://{host}{path}")).into_owned()
    }

    /// Whether it is `https://`.
    pub fn is_secure(&self) -> bool {
        self.text
            .get(..8)
            .is_some_and(|scheme| scheme.eq_ignore_ascii_case("https://"))
    }

    /// The host, for the cache's file names (and nothing else: it is not checked).
    pub fn host(&self) -> &str {
        let rest = self.text.split_once("://").map_or("", |(_, rest)| rest);
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        let host = authority
            .rsplit_once('@')
            .map_or(authority, |(_, host)| host);
        host.split(':').next().unwrap_or(host)
    }

    /// The last part of the path (`schedule.json`), what an imported dataset cites as its
    /// source's file; the host when the path has none.
    pub fn file_name(&self) -> String {
        let rest = self.text.split_once("://").map_or("", |(_, rest)| rest);
        let path = &rest[..rest.find(['?', '#']).unwrap_or(rest.len())];
        match path.split_once('/') {
            Some((_, path)) if !path.trim_end_matches('/').is_empty() => {
                let last = path
                    .trim_end_matches('/')
                    .rsplit('/')
                    .next()
                    .unwrap_or(path);
                crate::text::visible(last).into_owned()
            }
            _ => crate::text::visible(self.host()).into_owned(),
        }
    }
}

/// A path and query with the values of secret-looking parameters replaced by `***`.
fn without_secrets(path: &str) -> String {
    let Some((before, query)) = path.split_once('?') else {
        return path.to_owned();
    };
    let (query, fragment) = match query.split_once('#') {
        Some((query, fragment)) => (query, Some(fragment)),
        None => (query, None),
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
        let address =
            WebAddress::parse("https://ada:s3cret@example.org/s.json?api_token=abc&day=1#x")
                .unwrap();
        assert_eq!(
            address.shown(),
            "https://***@example.org/s.json?api_token=***&day=1#x"
        );
        assert!(!format!("{address:?}").contains("s3cret"));
        let hostile = WebAddress::parse("http://example.org/\u{1b}[2Jx").unwrap();
        assert!(!hostile.shown().contains('\u{1b}'), "{}", hostile.shown());
    }

    #[test]
    fn host_and_file_name() {
        let address =
            WebAddress::parse("https://u:p@fahrplan.example:8443/36c3/schedule.json?x").unwrap();
        assert_eq!(address.host(), "fahrplan.example");
        assert_eq!(address.file_name(), "schedule.json");
        let bare = WebAddress::parse("http://example.org/").unwrap();
        assert_eq!(bare.file_name(), "example.org");
    }
}
