package monitoring

import (
	"net/url"
	"strings"
)

// NormalizeURL is a stand-in until the normaliser lands.
func NormalizeURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", err
	}
	return strings.TrimPrefix(strings.ToLower(u.Host), "www.") + strings.TrimSuffix(u.EscapedPath(), "/"), nil
}

// CleanURL is a stand-in until the normaliser lands.
func CleanURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", url.InvalidHostError(raw)
	}
	u.Fragment = ""
	return u.String(), nil
}
