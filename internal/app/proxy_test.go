package app_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
)

// Behind a proxy TRUSTED_PROXIES does not list, every client would share
// its address at the sign-in throttle: the first X-Forwarded-For from an
// address not listed is logged, once.
func TestForwardedForFromAnUnlistedPeerIsWarnedAboutOnce(t *testing.T) {
	var log bytes.Buffer
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Logger = slog.New(slog.NewTextHandler(&log, nil)) })
	for range 3 {
		req, _ := http.NewRequest(http.MethodGet, srv.URL+"/login", nil)
		req.Header.Set("X-Forwarded-For", "203.0.113.5")
		srv.Anonymous(t).Do(t, req)
	}
	if n := strings.Count(log.String(), "X-Forwarded-For from an address TRUSTED_PROXIES does not list"); n != 1 {
		t.Errorf("warned %d times, want once:\n%s", n, log.String())
	}
}
