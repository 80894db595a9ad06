//! The one way Hearth fetches from an address someone gave it (a link in a post): safe
//! against server-side request forgery.
//!
//! - Only `http` and `https` on ports 80 and 443, without user names or passwords in the URL.
//! - The host is resolved here, every address is checked (no loopback, private, link-local,
//!   shared, multicast, reserved or documentation ranges, nor IPv4 hidden in IPv6), and the
//!   connection goes to exactly the checked addresses: a second lookup cannot point it
//!   elsewhere.
//! - An admin may allow internal sites as `host:port` pairs (`HEARTH_OUTBOUND_ALLOW`); for
//!   those, and only on that port, any address is taken.
//! - Redirects are followed by hand, at most three, each checked as above.
//! - Time limits per connection and per answer, a size limit enforced while the body arrives,
//!   the content types the caller asks for only, no cookies, no proxy from the environment.

use std::collections::HashSet;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::Duration;

use actix_web::web::Bytes;
use futures_util::StreamExt;
use reqwest::header::{HeaderValue, CONTENT_TYPE, LOCATION};
use reqwest::Url;

const MAX_REDIRECTS: usize = 3;
const CONNECT_TIMEOUT: Duration = Duration::from_secs(3);
/// For one answer, from asking to its last byte.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);
const USER_AGENT: &str = "Hearth link preview (+https://github.com/hearth-intranet/hearth)";

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum OutboundError {
    #[error("not an address Hearth fetches from: {0}")]
    NotAllowed(&'static str),
    #[error("the host could not be found")]
    Unresolved,
    #[error("the answer is larger than {0} bytes")]
    TooLarge(usize),
    #[error("the answer is not of a wanted type")]
    WrongType,
    #[error("the answer took too long")]
    Timeout,
    #[error("the answer was HTTP {0}")]
    Status(u16),
    #[error("too many redirects")]
    Redirects,
    #[error("the request failed: {0}")]
    Failed(String),
}

/// Internal sites an admin allows, as `host:port` pairs (`intranet.example.com:443`).
#[derive(Debug, Clone, Default)]
pub struct Allowlist(HashSet<(String, u16)>);

impl Allowlist {
    /// Parses `host:port[,host:port…]`.
    pub fn parse(list: &str) -> Result<Allowlist, String> {
        let mut pairs = HashSet::new();
        for item in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let (host, port) = item
                .rsplit_once(':')
                .ok_or_else(|| format!("{item:?} is not host:port"))?;
            let port: u16 = port
                .parse()
                .map_err(|_| format!("{item:?} has no valid port"))?;
            let host = host.trim_start_matches('[').trim_end_matches(']');
            pairs.insert((host.to_ascii_lowercase(), port));
        }
        Ok(Allowlist(pairs))
    }

    fn allows(&self, host: &str, port: u16) -> bool {
        self.0.contains(&(host.to_ascii_lowercase(), port))
    }
}

/// What one fetch may bring back.
#[derive(Debug, Clone, Copy)]
pub struct Wanted {
    /// Content types taken (`text/html`, or a prefix such as `image/`).
    pub types: &'static [&'static str],
    pub max_bytes: usize,
}

#[derive(Debug)]
pub struct Fetched {
    /// Where the answer came from, after redirects.
    pub url: Url,
    pub content_type: String,
    pub body: Bytes,
}

#[derive(Debug, Clone, Default)]
pub struct Outbound {
    allow: Allowlist,
}

impl Outbound {
    pub fn new(allow: Allowlist) -> Outbound {
        Outbound { allow }
    }

    /// GETs `url`, following up to three redirects, each checked.
    pub async fn get(&self, url: &str, wanted: Wanted) -> Result<Fetched, OutboundError> {
        let mut url = Url::parse(url).map_err(|_| OutboundError::NotAllowed("not a URL"))?;
        for _ in 0..=MAX_REDIRECTS {
            let target = self.check(&url).await?;
            let answer = tokio::time::timeout(ANSWER_TIMEOUT, fetch_once(&url, target, wanted))
                .await
                .map_err(|_| OutboundError::Timeout)??;
            match answer {
                Hop::Done(fetched) => return Ok(fetched),
                Hop::Redirect(next) => {
                    url = url
                        .join(&next)
                        .map_err(|_| OutboundError::NotAllowed("a redirect to no URL"))?;
                }
            }
        }
        Err(OutboundError::Redirects)
    }

    /// The addresses `url` may be fetched from, or why it may not.
    async fn check(&self, url: &Url) -> Result<Target, OutboundError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(OutboundError::NotAllowed("only http and https"));
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(OutboundError::NotAllowed("credentials in the URL"));
        }
        let host = url
            .host_str()
            .ok_or(OutboundError::NotAllowed("no host"))?
            .trim_start_matches('[')
            .trim_end_matches(']')
            .to_owned();
        let port = url
            .port_or_known_default()
            .ok_or(OutboundError::NotAllowed("no port"))?;
        let allowed = self.allow.allows(&host, port);
        if !allowed && port != 80 && port != 443 {
            return Err(OutboundError::NotAllowed("only ports 80 and 443"));
        }
        let addrs: Vec<SocketAddr> = match host.parse::<IpAddr>() {
            Ok(ip) => vec![SocketAddr::new(ip, port)],
            Err(_) => tokio::net::lookup_host((host.as_str(), port))
                .await
                .map_err(|_| OutboundError::Unresolved)?
                .collect(),
        };
        if addrs.is_empty() {
            return Err(OutboundError::Unresolved);
        }
        // One address that is not public refuses the host: a name that resolves to both a
        // public and an internal address is someone's trick.
        if !allowed && addrs.iter().any(|a| !is_public(a.ip())) {
            return Err(OutboundError::NotAllowed("an internal address"));
        }
        Ok(Target { host, addrs })
    }
}

struct Target {
    host: String,
    addrs: Vec<SocketAddr>,
}

enum Hop {
    Done(Fetched),
    Redirect(String),
}

async fn fetch_once(url: &Url, target: Target, wanted: Wanted) -> Result<Hop, OutboundError> {
    let mut builder = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .connect_timeout(CONNECT_TIMEOUT)
        .user_agent(USER_AGENT);
    // Pinned: the connection goes to the addresses checked, not to a second lookup's.
    if target.host.parse::<IpAddr>().is_err() {
        builder = builder.resolve_to_addrs(&target.host, &target.addrs);
    }
    let client = builder
        .build()
        .map_err(|e| OutboundError::Failed(e.to_string()))?;
    let accept = wanted.types.join(", ");
    let answer = client
        .get(url.clone())
        .header(
            reqwest::header::ACCEPT,
            HeaderValue::from_str(&accept).unwrap_or(HeaderValue::from_static("*/*")),
        )
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                OutboundError::Timeout
            } else {
                OutboundError::Failed(e.to_string())
            }
        })?;
    let status = answer.status();
    if status.is_redirection() {
        let next = answer
            .headers()
            .get(LOCATION)
            .and_then(|l| l.to_str().ok())
            .ok_or(OutboundError::Status(status.as_u16()))?;
        return Ok(Hop::Redirect(next.to_owned()));
    }
    if !status.is_success() {
        return Err(OutboundError::Status(status.as_u16()));
    }
    let content_type = answer
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let essence = content_type.split(';').next().unwrap_or("").trim();
    if !wanted.types.iter().any(|t| essence.starts_with(t)) {
        return Err(OutboundError::WrongType);
    }
    if answer
        .content_length()
        .is_some_and(|n| n > wanted.max_bytes as u64)
    {
        return Err(OutboundError::TooLarge(wanted.max_bytes));
    }
    let final_url = answer.url().clone();
    let mut body = Vec::new();
    let mut chunks = answer.bytes_stream();
    while let Some(chunk) = chunks.next().await {
        let chunk = chunk.map_err(|e| OutboundError::Failed(e.to_string()))?;
        if body.len() + chunk.len() > wanted.max_bytes {
            return Err(OutboundError::TooLarge(wanted.max_bytes));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Hop::Done(Fetched {
        url: final_url,
        content_type: essence.to_owned(),
        body: Bytes::from(body),
    }))
}

/// Whether `ip` is an address on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments, 192.0.0.0/24.
        || (a == 192 && b == 0 && c == 0)
        // Benchmarking, 198.18.0.0/15.
        || (a == 198 && (b == 18 || b == 19))
        // Reserved, 240.0.0.0/4.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    // IPv4 inside IPv6 (mapped, compatible, NAT64, 6to4) is judged as the IPv4 address.
    if let Some(v4) = embedded_v4(ip) {
        return is_public_v4(v4);
    }
    let first = ip.segments()[0];
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local, fc00::/7.
        || (first & 0xfe00) == 0xfc00
        // Link-local, fe80::/10, and the old site-local, fec0::/10.
        || (first & 0xffc0) == 0xfe80
        || (first & 0xffc0) == 0xfec0
        // Documentation, 2001:db8::/32; Teredo, 2001::/32 (tunnels to anywhere).
        || (first == 0x2001 && ip.segments()[1] == 0x0db8)
        || (first == 0x2001 && ip.segments()[1] == 0)
        // Discard-only, 100::/64.
        || (first == 0x0100 && ip.segments()[1..4] == [0, 0, 0]))
}

fn embedded_v4(ip: Ipv6Addr) -> Option<Ipv4Addr> {
    let s = ip.segments();
    let tail = Ipv4Addr::new((s[6] >> 8) as u8, s[6] as u8, (s[7] >> 8) as u8, s[7] as u8);
    match s {
        // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, but not :: and ::1).
        [0, 0, 0, 0, 0, 0xffff, _, _] => Some(tail),
        [0, 0, 0, 0, 0, 0, _, _] if !ip.is_unspecified() && !ip.is_loopback() => Some(tail),
        // NAT64, 64:ff9b::/96.
        [0x0064, 0xff9b, 0, 0, 0, 0, _, _] => Some(tail),
        // 6to4, 2002:a.b.c.d::/48.
        [0x2002, hi, lo, ..] => Some(Ipv4Addr::new(
            (hi >> 8) as u8,
            hi as u8,
            (lo >> 8) as u8,
            lo as u8,
        )),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn which_addresses_are_public() {
        let cases: &[(&str, bool)] = &[
            ("93.184.215.14", true),
            ("8.8.8.8", true),
            ("2606:4700:4700::1111", true),
            ("127.0.0.1", false),
            ("127.1.2.3", false),
            ("0.0.0.0", false),
            ("0.1.2.3", false),
            ("10.0.0.1", false),
            ("172.16.0.1", false),
            ("172.31.255.255", false),
            ("172.32.0.1", true),
            ("192.168.1.1", false),
            ("169.254.169.254", false),
            ("100.64.0.1", false),
            ("100.127.255.255", false),
            ("100.128.0.1", true),
            ("192.0.0.8", false),
            ("192.0.2.1", false),
            ("198.18.0.1", false),
            ("198.51.100.1", false),
            ("203.0.113.1", false),
            ("224.0.0.1", false),
            ("240.0.0.1", false),
            ("255.255.255.255", false),
            ("::", false),
            ("::1", false),
            ("::ffff:127.0.0.1", false),
            ("::ffff:10.0.0.1", false),
            ("::ffff:8.8.8.8", true),
            ("::127.0.0.1", false),
            ("64:ff9b::a9fe:a9fe", false),
            ("2002:7f00:1::", false),
            ("2002:0808:0808::", true),
            ("fc00::1", false),
            ("fd12:3456::1", false),
            ("fe80::1", false),
            ("fec0::1", false),
            ("ff02::1", false),
            ("2001:db8::1", false),
            ("2001:0:4136:e378::1", false),
            ("100::1", false),
        ];
        for (ip, public) in cases {
            let parsed: IpAddr = ip.parse().unwrap();
            assert_eq!(is_public(parsed), *public, "{ip}");
        }
    }

    #[test]
    fn allowlists_are_host_and_port() {
        let list =
            Allowlist::parse(" Intranet.Example.com:443, 127.0.0.1:8080,[::1]:9000 ").unwrap();
        assert!(list.allows("intranet.example.com", 443));
        assert!(!list.allows("intranet.example.com", 80));
        assert!(list.allows("127.0.0.1", 8080));
        assert!(!list.allows("127.0.0.1", 8081));
        assert!(list.allows("::1", 9000));
        assert!(Allowlist::parse("no-port").is_err());
        assert!(Allowlist::parse("host:http").is_err());
        assert!(Allowlist::parse("").unwrap().0.is_empty());
    }

    #[actix_web::test]
    async fn refuses_what_is_not_a_public_web_address() {
        let out = Outbound::default();
        let page = Wanted {
            types: &["text/html"],
            max_bytes: 1024,
        };
        let refused: &[(&str, OutboundError)] = &[
            (
                "file:///etc/passwd",
                OutboundError::NotAllowed("only http and https"),
            ),
            (
                "gopher://example.com/",
                OutboundError::NotAllowed("only http and https"),
            ),
            (
                "http://user:pw@example.com/",
                OutboundError::NotAllowed("credentials in the URL"),
            ),
            (
                "http://example.com:8080/",
                OutboundError::NotAllowed("only ports 80 and 443"),
            ),
            (
                "http://127.0.0.1/",
                OutboundError::NotAllowed("an internal address"),
            ),
            (
                "http://[::1]/",
                OutboundError::NotAllowed("an internal address"),
            ),
            (
                "http://[::ffff:169.254.169.254]/",
                OutboundError::NotAllowed("an internal address"),
            ),
            (
                "http://2130706433/",
                OutboundError::NotAllowed("an internal address"),
            ),
            (
                "http://0x7f.1/",
                OutboundError::NotAllowed("an internal address"),
            ),
            (
                "http://localhost/",
                OutboundError::NotAllowed("an internal address"),
            ),
            ("not a url", OutboundError::NotAllowed("not a URL")),
        ];
        for (url, why) in refused {
            assert_eq!(out.get(url, page).await.unwrap_err(), *why, "{url}");
        }
    }
}
