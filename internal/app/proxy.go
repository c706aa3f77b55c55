package app

import (
	"context"
	"log/slog"
	"net"
	"net/http"
	"net/netip"
	"regexp"
	"strings"
	"sync/atomic"
)

// clientAddress makes RemoteAddr the client's address when the request
// came through a proxy of TRUSTED_PROXIES, so that web.ClientIP (the
// sign-in throttle, the public pages' limits, the logs) sees the client,
// not the proxy. X-Forwarded-For is read from its last hop back: each
// proxy appends the address it was reached from, so the last hop that is
// not itself a trusted proxy is the client; what a client writes into the
// header itself comes before that and is never believed. From anyone else
// the header is ignored. It also notes whether the request came through a
// trusted proxy, for the address links are made with (requestBaseURL).
//
// The first request that brings X-Forwarded-For from anyone else is logged
// as a warning (once): behind a proxy TRUSTED_PROXIES does not list, every
// client has the proxy's address, and one guesser's failures would stop
// everyone at the sign-in throttle's address limit.
func clientAddress(trusted []netip.Prefix, logger *slog.Logger) func(http.Handler) http.Handler {
	isTrusted := func(a netip.Addr) bool {
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	var warned atomic.Bool
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			peer, ok := addrOf(r.RemoteAddr)
			if !ok || !isTrusted(peer) {
				if r.Header.Get("X-Forwarded-For") != "" && warned.CompareAndSwap(false, true) {
					logger.Warn("a request came with X-Forwarded-For from an address TRUSTED_PROXIES does not list: "+
						"the header is ignored. If a proxy is in front of the server, list it in TRUSTED_PROXIES, "+
						"or every client shares its address at the sign-in throttle", "peer", r.RemoteAddr)
				}
				next.ServeHTTP(w, r)
				return
			}
			client := peer
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, ok := addrOf(strings.TrimSpace(hops[i]))
				if !ok {
					break // a hop that is no address: the last good one stands
				}
				client = a
				if !isTrusted(a) {
					break
				}
			}
			r.RemoteAddr = net.JoinHostPort(client.String(), "0")
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), viaProxyKey{}, true)))
		})
	}
}

type viaProxyKey struct{}

// addrOf reads an address with or without a port ("10.0.0.5",
// "10.0.0.5:4711", "[::1]:4711").
func addrOf(s string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(s); err == nil {
		return ap.Addr().Unmap(), true
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return netip.Addr{}, false
	}
	return a.Unmap(), true
}

// hostPattern is what a Host header may hold to be put into a link: a
// name or an address, and a port.
var hostPattern = regexp.MustCompile(`^(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:[0-9]{1,5})?$`)

// requestBaseURL is the address links in what a request writes (mail, a
// letter's PDF) point to: BASE_URL when it is set, else the address the
// request came in at (as the trusted proxy forwarded it), else the one
// jobs use.
func (a *App) requestBaseURL(r *http.Request) string {
	if a.cfg.BaseURL != "" {
		return a.cfg.BaseURL
	}
	scheme, host := "http", r.Host
	if r.TLS != nil {
		scheme = "https"
	}
	if via, _ := r.Context().Value(viaProxyKey{}).(bool); via {
		if p := firstValue(r.Header.Get("X-Forwarded-Proto")); p == "http" || p == "https" {
			scheme = p
		}
		if h := firstValue(r.Header.Get("X-Forwarded-Host")); h != "" {
			host = h
		}
	}
	if !hostPattern.MatchString(host) {
		return a.cfg.JobBaseURL()
	}
	return scheme + "://" + host
}

// firstValue is the first of a header's comma-separated values.
func firstValue(v string) string {
	v, _, _ = strings.Cut(v, ",")
	return strings.TrimSpace(v)
}
