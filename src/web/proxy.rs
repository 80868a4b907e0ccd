//! The proxy the environment names, read as curl reads it: `https_proxy`/`HTTPS_PROXY` for an
//! `https://` address, `http_proxy`/`HTTP_PROXY` for `http://`, else `all_proxy`/`ALL_PROXY`;
//! `no_proxy`/`NO_PROXY` lists the hosts reached directly (`*` all of them; `example.org`
//! also its subdomains). HTTP(S) and SOCKS 4/5 proxies are used; a value lotse cannot use (an
//! unknown scheme, a malformed address) is an error: lotse never connects around a proxy it
//! was told to use.

use super::WebAddress;

/// The proxy to reach `address` through (`None`: directly), as `variable` reads the
/// environment; an error names the variable and its value without credentials.
pub fn for_address(
    address: &WebAddress,
    variable: impl Fn(&str) -> Option<String>,
) -> Result<Option<ureq::Proxy>, String> {
    let set = |name: &str| {
        [name.to_ascii_lowercase(), name.to_owned()]
            .into_iter()
            .find_map(|n| {
                variable(&n)
                    .filter(|v| !v.trim().is_empty())
                    .map(|v| (n, v))
            })
    };
    let scheme_variable = if address.is_secure() {
        "HTTPS_PROXY"
    } else {
        "HTTP_PROXY"
    };
    let Some((name, value)) = set(scheme_variable).or_else(|| set("ALL_PROXY")) else {
        return Ok(None);
    };
    if set("NO_PROXY").is_some_and(|(_, list)| bypasses(&list, address.host())) {
        return Ok(None);
    }
    let value = value.trim();
    let refused = |why: &str| {
        format!(
            "{name}={} is not a proxy lotse can use ({why}); lotse does not connect around it",
            crate::text::visible(&super::address::without_user_info(value))
        )
    };
    let scheme = value.split_once("://").map(|(s, _)| s.to_ascii_lowercase());
    if let Some(scheme) = &scheme
        && !matches!(
            scheme.as_str(),
            "http" | "https" | "socks" | "socks4" | "socks4a" | "socks5" | "socks5h"
        )
    {
        return Err(refused(&format!(
            "the scheme {scheme:?} is none of http, https, socks4, socks4a, socks5, socks5h"
        )));
    }
    ureq::Proxy::new(value)
        .map(Some)
        .map_err(|_| refused("not an address such as http://proxy.example:3128"))
}

/// Whether `host` is on the `NO_PROXY` list: `*`, the host itself, or a domain it is in
/// (`example.org` and `.example.org` both take `www.example.org`); ports are not compared.
fn bypasses(list: &str, host: &str) -> bool {
    let host = host
        .trim_start_matches('[')
        .trim_end_matches(']')
        .to_ascii_lowercase();
    list.split(',').map(str::trim).any(|entry| {
        let entry = entry.trim_start_matches("*.").trim_start_matches('.');
        let entry = match entry.rsplit_once(':') {
            // A port, not part of an IPv6 address.
            Some((name, port))
                if port.bytes().all(|b| b.is_ascii_digit()) && !name.contains(':') =>
            {
                name
            }
            _ => entry,
        };
        let entry = entry
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_ascii_lowercase();
        !entry.is_empty() && (entry == "*" || host == entry || host.ends_with(&format!(".{entry}")))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn address(text: &str) -> WebAddress {
        WebAddress::parse(text).unwrap().unwrap()
    }

    fn proxy_of(
        url: &str,
        env: &[(&str, &str)],
    ) -> Result<Option<(ureq::ProxyProtocol, String, u16)>, String> {
        let lookup = |name: &str| {
            env.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        };
        for_address(&address(url), lookup)
            .map(|p| p.map(|p| (p.protocol(), p.host().to_owned(), p.port())))
    }

    #[test]
    fn the_variable_of_the_scheme_then_all_proxy() {
        let env = [
            ("HTTPS_PROXY", "http://secure.example:3128"),
            ("http_proxy", "plain.example:8080"),
            ("ALL_PROXY", "socks5h://socks.example"),
        ];
        let https = proxy_of("https://a.example/s.json", &env).unwrap().unwrap();
        assert_eq!(https.1, "secure.example");
        let http = proxy_of("http://a.example/s.json", &env).unwrap().unwrap();
        assert_eq!((http.1.as_str(), http.2), ("plain.example", 8080));
        let socks = proxy_of(
            "http://a.example/",
            &[("ALL_PROXY", "socks5://s.example:1080")],
        )
        .unwrap()
        .unwrap();
        assert_eq!(socks.0, ureq::ProxyProtocol::Socks5);
        assert_eq!(proxy_of("http://a.example/", &[]).unwrap(), None);
    }

    #[test]
    fn no_proxy_takes_hosts_and_their_subdomains() {
        let env =
            |list: &'static str| [("HTTP_PROXY", "http://p.example:3128"), ("NO_PROXY", list)];
        for (list, host, direct) in [
            ("example.org", "example.org", true),
            ("example.org", "www.example.org", true),
            (".example.org", "www.example.org", true),
            ("example.org", "badexample.org", false),
            ("*", "anything.example", true),
            ("localhost,127.0.0.1:8080", "127.0.0.1", true),
            ("other.example", "example.org", false),
        ] {
            let proxy = proxy_of(&format!("http://{host}/s.json"), &env(list)).unwrap();
            assert_eq!(proxy.is_none(), direct, "{list} / {host}");
        }
    }

    #[test]
    fn a_proxy_lotse_cannot_use_is_an_error_never_bypassed() {
        for value in [
            "ftp://p.example:21",
            "socks6://p.example",
            "http://user:pw@",
            "http://[::1",
        ] {
            let error = proxy_of("https://a.example/", &[("ALL_PROXY", value)]).unwrap_err();
            assert!(error.starts_with("ALL_PROXY="), "{error}");
            assert!(error.contains("does not connect around it"), "{error}");
            assert!(!error.contains("pw"), "{error}");
        }
    }
}
