//! The `Host` names the dev server answers: the loopback names and the bound address, each with
//! the port. Anything else (or no `Host`) is refused, so that a web page whose name was rebound
//! to 127.0.0.1 (DNS rebinding) cannot read the preview or its drafts.

/// The accepted `Host` values, lowercase (`localhost:1111`, `[::1]:1111`).
#[derive(Debug, Clone)]
pub(super) struct AllowedHosts(Vec<String>);

impl AllowedHosts {
    /// The hosts of a server bound to `bind` (`127.0.0.1`, `::1`, `localhost`, `0.0.0.0`, a LAN
    /// address) on `port`.
    pub(super) fn new(bind: &str, port: u16) -> AllowedHosts {
        let bound = if bind.contains(':') && !bind.starts_with('[') { format!("[{bind}]") } else { bind.to_string() };
        let mut names: Vec<String> = ["127.0.0.1", "localhost", "[::1]"].iter().map(|n| n.to_string()).collect();
        names.push(bound.to_ascii_lowercase());
        names.dedup();
        let mut hosts: Vec<String> = names.iter().map(|n| format!("{n}:{port}")).collect();
        if port == 80 {
            hosts.extend(names);
        }
        AllowedHosts(hosts)
    }

    /// Whether a request with this `Host` header may be answered.
    pub(super) fn allows(&self, host: Option<&str>) -> bool {
        host.is_some_and(|h| self.0.iter().any(|a| a.eq_ignore_ascii_case(h.trim())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_with_the_port_only() {
        let h = AllowedHosts::new("127.0.0.1", 1111);
        for ok in ["127.0.0.1:1111", "localhost:1111", "LocalHost:1111", "[::1]:1111"] {
            assert!(h.allows(Some(ok)), "{ok}");
        }
        for bad in ["evil.example:1111", "localhost", "localhost:1112", "127.0.0.1", "127.0.0.1.nip.io:1111", ""] {
            assert!(!h.allows(Some(bad)), "{bad}");
        }
        assert!(!h.allows(None));
    }

    #[test]
    fn the_bound_address_too() {
        assert!(AllowedHosts::new("192.168.1.5", 8000).allows(Some("192.168.1.5:8000")));
        assert!(AllowedHosts::new("::1", 8000).allows(Some("[::1]:8000")));
        assert!(AllowedHosts::new("fe80::1", 80).allows(Some("[fe80::1]")));
        assert!(!AllowedHosts::new("192.168.1.5", 8000).allows(Some("192.168.1.6:8000")));
    }
}
