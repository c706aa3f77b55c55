package monitoring

import (
	"fmt"
	"net"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// The same article reaches the desk by many links: from a feed with
// tracking parameters, pasted from a phone's browser (m.), over http or
// https, with or without www., with its Latvian letters percent-encoded or
// not. NormalizeURL reduces each to one key, so that a clipping is found
// to be a duplicate whichever link it came by; CleanURL is the link to
// keep and to show, which only loses what tracks the reader.

// The codes of URLError, which the clipping form translates.
const (
	URLEmpty             = "empty"
	URLUnsupportedScheme = "unsupported_scheme" // javascript:, mailto:, ftp://: not an article on the web
	URLNoHost            = "no_host"
	URLMalformed         = "malformed"
	URLCredentials       = "credentials" // https://lsm.lv@example.com/ shows one site and opens another
)

// URLError is why a link was refused.
type URLError struct {
	Code string
	URL  string // as given
}

func (e *URLError) Error() string {
	return fmt.Sprintf("monitoring: link %q refused: %s", e.URL, strings.ReplaceAll(e.Code, "_", " "))
}

// NormalizeURL is the key an article's link is compared by: the host in
// lower case and punycode without www., m. and the default port, then the
// path without duplicate slashes, dot segments, a trailing slash or an
// index page, then the query without tracking parameters, sorted, and
// percent-encoding made uniform throughout; no scheme and no fragment:
//
//	http://www.Example.lv/a//b/?z=1&utm_source=x&a=%7e#top → example.lv/a/b?a=~&z=1
//
// The key is for comparing, not for opening: CleanURL is the link.
func NormalizeURL(raw string) (string, error) {
	u, err := parseArticleURL(raw)
	if err != nil {
		return "", err
	}
	host := u.keyHost
	if strings.Contains(host, ":") {
		host = "[" + host + "]" // IPv6
	}
	if port := strings.TrimLeft(u.url.Port(), "0"); port != "" && port != defaultPorts[u.url.Scheme] {
		host += ":" + port
	}
	key := host + urlKeyPath(u.path)
	if query := urlKeyQuery(u.query); query != "" {
		key += "?" + query
	}
	return key, nil
}

var defaultPorts = map[string]string{"http": "80", "https": "443"}

// CleanURL is the link to store and to open: as given, with a scheme
// (https when it has none), without tracking parameters and without the
// fragment, and with what may not stand in a link percent-encoded.
func CleanURL(raw string) (string, error) {
	u, err := parseArticleURL(raw)
	if err != nil {
		return "", err
	}
	var kept []string
	for _, param := range strings.Split(u.query, "&") {
		if param != "" && !isTrackingParam(param) {
			kept = append(kept, escapeForLink(param))
		}
	}
	link := escapeForLink(u.beforeQuery)
	if len(kept) == 0 {
		return link, nil
	}
	return link + "?" + strings.Join(kept, "&"), nil
}

// escapeForLink percent-encodes what may not stand in a link as written
// (spaces, control characters, quotes and brackets, bytes that are not
// UTF-8), so that the link stored opens the article its key names; the
// letters of any language stay readable.
func escapeForLink(s string) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size <= 1 || r <= ' ' || r == 0x7f || strings.ContainsRune(`"<>\^`+"`"+`{|}`, r) {
			b.WriteByte('%')
			b.WriteByte(hex[s[i]>>4])
			b.WriteByte(hex[s[i]&15])
			i++
			continue
		}
		b.WriteString(s[i : i+size])
		i += size
	}
	return b.String()
}

// articleURL is a link both functions accept, with its path and query as
// written: url.URL re-encodes the path in ways that depend on the rest of
// it, and the key must depend only on what each byte means.
type articleURL struct {
	url         *url.URL
	keyHost     string
	beforeQuery string // scheme, host and path, as given
	path        string
	query       string
}

func parseArticleURL(raw string) (articleURL, error) {
	refuse := func(code string) (articleURL, error) {
		return articleURL{}, &URLError{Code: code, URL: raw}
	}
	s, _, _ := strings.Cut(raw, "#")
	s = strings.TrimSpace(s)
	if s == "" {
		return refuse(URLEmpty)
	}
	withScheme, hadScheme, ok := withHTTPScheme(s)
	if !ok {
		return refuse(URLUnsupportedScheme)
	}
	u, err := url.Parse(withScheme)
	switch {
	case err != nil:
		return refuse(URLMalformed)
	case u.Hostname() == "":
		return refuse(URLNoHost)
	case u.User != nil:
		return refuse(URLCredentials)
	case !hadScheme && !strings.Contains(u.Hostname(), "."):
		// Without a scheme, "Daugavpils" or "raksts" is a word typed into
		// the link field, not a site.
		return refuse(URLMalformed)
	}
	keyHost, err := urlKeyHost(u.Hostname())
	if err != nil || !isHostName(keyHost) && net.ParseIP(keyHost) == nil {
		return refuse(URLMalformed)
	}
	beforeQuery, query, _ := strings.Cut(withScheme, "?")
	afterSlashes := beforeQuery[strings.Index(beforeQuery, "//")+2:]
	p := ""
	if i := strings.IndexByte(afterSlashes, '/'); i >= 0 {
		p = afterSlashes[i:]
	}
	return articleURL{url: u, keyHost: keyHost, beforeQuery: beforeQuery, path: p, query: query}, nil
}

// withHTTPScheme is s with its scheme, https when it has none, or false
// for a scheme other than http and https. "lsm.lv:8080/x" has a port, not
// the scheme "lsm.lv".
func withHTTPScheme(s string) (withScheme string, hadScheme, ok bool) {
	if strings.HasPrefix(s, "//") {
		return "https:" + s, false, true
	}
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '+' || r == '-' || r == '.')
	})
	if end <= 0 || s[end] != ':' || !(s[0] >= 'a' && s[0] <= 'z' || s[0] >= 'A' && s[0] <= 'Z') {
		return "https://" + s, false, true
	}
	switch strings.ToLower(s[:end]) {
	case "http", "https":
		// "http:lsm.lv" parses with no host, and is refused for it rather
		// than guessed at.
		return s, true, true
	}
	afterColon := s[end+1:]
	digits := len(afterColon) - len(strings.TrimLeft(afterColon, "0123456789"))
	if digits > 0 && (digits == len(afterColon) || strings.ContainsRune("/?", rune(afterColon[digits]))) {
		return "https://" + s, false, true
	}
	return "", false, false
}

// urlKeyHost is the host in lower case and punycode, without the www. or
// m. before the site's name: the mobile and desktop pages of one article
// are one article.
func urlKeyHost(host string) (string, error) {
	host = strings.TrimSuffix(host, ".")
	if strings.ContainsFunc(host, func(r rune) bool { return r >= 0x80 }) {
		// Lookup, the UTS #46 profile for resolving names, refuses what
		// could not be a host: spaces and joiners, symbols that map to dots.
		ascii, err := idna.Lookup.ToASCII(host)
		if err != nil {
			return "", err
		}
		host = ascii
	}
	host = strings.ToLower(host)
	for {
		rest, ok := strings.CutPrefix(host, "www.")
		if !ok {
			rest, ok = strings.CutPrefix(host, "m.")
		}
		if !ok || !strings.Contains(rest, ".") {
			return host, nil
		}
		host = rest
	}
}

// isHostName: url.Parse lets through hosts no name server would resolve
// ("a\"b", "a..b"), which would make keys no link has.
func isHostName(host string) bool {
	for label := range strings.SplitSeq(host, ".") {
		if label == "" || strings.ContainsFunc(label, func(r rune) bool {
			return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '_')
		}) {
			return false
		}
	}
	return true
}

// urlKeyPath: servers answer the same page for "/a/b/", "/a//b" and
// "/a/b/index.html"; the root is no path at all.
func urlKeyPath(p string) string {
	p = normalizePercentEncoding(p, isPathLiteral)
	if p == "" {
		return ""
	}
	p = path.Clean(p)
	switch path.Base(p) {
	case "index.html", "index.htm", "index.php":
		p = path.Dir(p)
	}
	if p == "/" {
		return ""
	}
	return p
}

// urlKeyQuery is the query without tracking parameters, in order of key
// and value: the order parameters come in means nothing to the site.
func urlKeyQuery(query string) string {
	var params []string
	for _, param := range strings.Split(query, "&") {
		if param == "" || isTrackingParam(param) {
			continue
		}
		key, value, hasValue := strings.Cut(param, "=")
		param = normalizePercentEncoding(key, isQueryLiteral)
		if hasValue {
			param += "=" + normalizePercentEncoding(value, isQueryLiteral)
		}
		params = append(params, param)
	}
	slices.SortFunc(params, func(a, b string) int {
		ak, av, _ := strings.Cut(a, "=")
		bk, bv, _ := strings.Cut(b, "=")
		if c := strings.Compare(ak, bk); c != 0 {
			return c
		}
		if c := strings.Compare(av, bv); c != 0 {
			return c
		}
		return strings.Compare(a, b) // "a" before "a="
	})
	return strings.Join(params, "&")
}

// trackingParams are the parameters the well-known advertising, mailing
// and social networks add to say where a reader came from; the article
// is the same without them. utm_* are matched by their prefix.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true, "yclid": true, "ysclid": true,
	"msclkid": true, "twclid": true, "ttclid": true, "igshid": true, "mc_cid": true, "mc_eid": true,
	"_ga": true, "_gl": true, "_hsenc": true, "_hsmi": true, "mkt_tok": true, "_openstat": true,
	"ref_src": true, "spm": true, "cmpid": true,
}

func isTrackingParam(param string) bool {
	key, _, _ := strings.Cut(param, "=")
	if unescaped, err := url.QueryUnescape(key); err == nil {
		key = unescaped
	}
	key = strings.ToLower(key)
	return strings.HasPrefix(key, "utm_") || trackingParams[key]
}

// normalizePercentEncoding writes each byte one way (RFC 3986 §6.2.2):
// unreserved characters as themselves, whether they came encoded or not;
// every other byte a literal may not stand for, percent-encoded in upper
// case. So "ā" and "%c4%81" are both "%C4%81", and "%7e" is "~"; an
// encoded reserved character ("%2F", "%26") keeps its different meaning.
func normalizePercentEncoding(s string, isLiteral func(byte) bool) string {
	const hex = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			decoded, _ := strconv.ParseUint(s[i+1:i+3], 16, 8)
			if isUnreserved(byte(decoded)) {
				b.WriteByte(byte(decoded))
			} else {
				b.WriteString(strings.ToUpper(s[i : i+3]))
			}
			i += 2
			continue
		}
		if c != '%' && isLiteral(c) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hex[c>>4])
		b.WriteByte(hex[c&15])
	}
	return b.String()
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isUnreserved(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// isPathLiteral: what a path may hold unencoded (RFC 3986 §3.3).
func isPathLiteral(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$&'()*+,;=:@/", c) >= 0
}

// isQueryLiteral: what a query's key or value may hold unencoded (§3.4);
// "&" separates the parameters, so it is never one.
func isQueryLiteral(c byte) bool {
	return isUnreserved(c) || strings.IndexByte("!$'()*+,;=:@/?", c) >= 0
}
