package app_test

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/netip"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

func env(vars map[string]string) func(string) string {
	return func(k string) string { return vars[k] }
}

// Without BASE_URL, what jobs write links to this server on this machine,
// on the port it listens on; BASE_URL, when set, is taken as it is.
func TestJobsLinkToTheConfiguredPort(t *testing.T) {
	for _, c := range []struct {
		vars map[string]string
		want string
	}{
		{map[string]string{}, "http://localhost:8080"},
		{map[string]string{"PORT": "9090"}, "http://localhost:9090"},
		{map[string]string{"PORT": "9090", "BASE_URL": "https://prdesk.daugavpils.lv/"}, "https://prdesk.daugavpils.lv"},
	} {
		cfg, err := app.FromEnv(env(c.vars))
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.JobBaseURL(); got != c.want {
			t.Errorf("%v: links to %q, want %q", c.vars, got, c.want)
		}
	}
	for _, bad := range []string{"prdesk.daugavpils.lv", "ftp://prdesk", "https://", "https://x/?a=1", "https://user:pw@x"} {
		if _, err := app.FromEnv(env(map[string]string{"BASE_URL": bad})); err == nil || !strings.Contains(err.Error(), "BASE_URL") {
			t.Errorf("BASE_URL=%q: err %v, want a refusal", bad, err)
		}
	}
}

// Outside demo mode a server without BASE_URL says at start that links
// will follow each request; with BASE_URL, or in demo mode, it says nothing.
func TestMissingBaseURLIsWarnedAbout(t *testing.T) {
	for _, c := range []struct {
		base string
		demo bool
		warn bool
	}{{"", false, true}, {"", true, false}, {"https://prdesk.daugavpils.lv", false, false}} {
		var log bytes.Buffer
		apptest.NewWithConfig(t, func(cfg *app.Config) {
			cfg.BaseURL, cfg.Demo, cfg.Port = c.base, c.demo, "9191"
			cfg.Logger = slog.New(slog.NewTextHandler(&log, nil))
		})
		warned := strings.Contains(log.String(), "BASE_URL is not set") && strings.Contains(log.String(), "http://localhost:9191")
		if warned != c.warn {
			t.Errorf("BASE_URL %q, demo %v: warned %v, want %v (log: %s)", c.base, c.demo, warned, c.warn, log.String())
		}
	}
}

// Links in mail and in letters a request writes point to the address the
// request came in at when BASE_URL is not set (through a trusted proxy, to
// the address it forwarded), and to BASE_URL when it is; never to
// localhost:8080 whatever the port.
func TestLinksInMailAndLettersFollowTheAddress(t *testing.T) {
	at := time.Date(2026, 5, 11, 9, 0, 0, 0, time.UTC)
	proxy := []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}
	for _, c := range []struct {
		name    string
		base    string
		proxies []netip.Prefix
		headers map[string]string
		want    func(srv *apptest.Server) string
	}{
		{name: "the request's address", want: func(srv *apptest.Server) string { return srv.URL }},
		{name: "a forged forwarded host is not believed", headers: map[string]string{"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "https"},
			want: func(srv *apptest.Server) string { return srv.URL }},
		{name: "through a trusted proxy", proxies: proxy,
			headers: map[string]string{"X-Forwarded-Host": "prdesk.daugavpils.lv", "X-Forwarded-Proto": "https", "X-Forwarded-For": "10.0.0.7"},
			want:    func(*apptest.Server) string { return "https://prdesk.daugavpils.lv" }},
		{name: "BASE_URL", base: "https://intranet.daugavpils.lv/prdesk",
			want: func(*apptest.Server) string { return "https://intranet.daugavpils.lv/prdesk" }},
	} {
		t.Run(c.name, func(t *testing.T) {
			srv := apptest.NewWithConfig(t, func(cfg *app.Config) {
				cfg.BaseURL, cfg.TrustedProxies, cfg.Port = c.base, c.proxies, "8080"
			})
			srv.Clock.Set(t, at)
			staff := srv.SignIn(t, "staff", "demo")
			want := c.want(srv) + "/status"
			do := func(method, path string, form url.Values) *apptest.Response {
				var req *http.Request
				if form != nil {
					req, _ = http.NewRequest(method, srv.URL+path, strings.NewReader(form.Encode()))
					req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
					req.Header.Set("Origin", srv.URL)
					req.Header.Set("Sec-Fetch-Site", "same-origin")
				} else {
					req, _ = http.NewRequest(method, srv.URL+path, nil)
				}
				for k, v := range c.headers {
					req.Header.Set(k, v)
				}
				return staff.Do(t, req)
			}

			// A notice by e-mail, written as staff forward the submission.
			p := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Reply: petitions.ReplyEmail})
			res := do(http.MethodPost, "/petitions/"+strconv.FormatInt(p.ID, 10)+"/forward",
				url.Values{"institution": {"Valsts policija"}, "version": {strconv.Itoa(petitionstest.Get(t, srv.Pool, p.ID).Version)}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("forward: %d", res.StatusCode)
			}
			var body string
			if err := srv.Pool.QueryRow(context.Background(), `select body_text from mail_outbox
				where entity = 'petition' and entity_id = $1 order by id desc limit 1`, strconv.FormatInt(p.ID, 10)).Scan(&body); err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(body, want) || strings.Contains(body, "localhost:8080") {
				t.Errorf("the notice links to the wrong address, want %s:\n%s", want, body)
			}

			// The printed acknowledgement.
			bin, err := exec.LookPath("pdftotext")
			if err != nil {
				t.Skip("pdftotext (poppler-utils) is not installed")
			}
			l := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: at, Reply: petitions.ReplyPost})
			res = do(http.MethodGet, "/petitions/"+strconv.FormatInt(l.ID, 10)+"/acknowledgement.pdf", nil)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("acknowledgement: %d", res.StatusCode)
			}
			cmd := exec.Command(bin, "-", "-")
			cmd.Stdin = strings.NewReader(res.Body)
			text, err := cmd.Output()
			if err != nil {
				t.Fatal(err)
			}
			if flat := strings.Join(strings.Fields(string(text)), " "); !strings.Contains(flat, want) {
				t.Errorf("the letter links to the wrong address, want %s:\n%s", want, flat)
			}
		})
	}
}
