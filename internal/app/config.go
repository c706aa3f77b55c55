// Package app builds the server: pool, sessions, jobs, router, middleware,
// the per-request page context, and every area mounted under its path.
package app

import (
	"fmt"
	"log/slog"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/backup"
	"github.com/daugavpils/prdesk/internal/feeds"
	"github.com/daugavpils/prdesk/internal/ldapauth"
	"github.com/daugavpils/prdesk/internal/mail"
)

// Config is read from the environment (see the README's table).
type Config struct {
	Port          string // PORT, default 8080
	DatabaseURL   string // DATABASE_URL
	SecureCookies bool   // SECURE_COOKIES: set the Secure flag (behind TLS)
	SMTPURL       string // SMTP_URL: smtp://user:pass@host:port?tls=…, see mail.ParseSMTPURL; empty: see mail.Register
	MailFrom      string // MAIL_FROM
	BaseURL       string // BASE_URL: the address people reach PR Desk at, for links in mail and letters; empty: see JobBaseURL
	MaxBodyBytes  int64  // MAX_BODY_BYTES: largest request body, default 1 MiB (uploads set their own)
	LogLevel      string // LOG_LEVEL: debug, info, warn, error
	FilesDir      string // FILES_DIR: where stored uploads are kept, default ./var/files
	DebugAddr     string // DEBUG_ADDR: where Go's profiler listens (e.g. 127.0.0.1:6060); empty: nowhere
	MetricsAddr   string // METRICS_ADDR: where Prometheus's /metrics is served (e.g. :9090); empty: nowhere
	BackupDir     string // BACKUP_DIR: where prdesk backup writes, default ./var/backups
	BackupKeep    int    // BACKUP_KEEP: backups kept after each new one, default 7; 0 keeps all
	// BackupAt is BACKUP_AT: the time of day (Riga) of the nightly backup,
	// default 02:30; BackupNightly is false for "off" (and with --demo).
	BackupAt      backup.At
	BackupNightly bool
	PGBinDir      string // PG_BIN_DIR: the folder of pg_dump and pg_restore; empty: found by version
	Demo          bool   // set by --demo
	// TrustedProxies is TRUSTED_PROXIES: the addresses of the proxies in
	// front of the server, whose X-Forwarded-For (and -Proto, -Host) is
	// believed. Empty: none is, and the client is the connection's address.
	TrustedProxies []netip.Prefix
	// Now is the clock every area reads (through its Deps): time.Now, from
	// FromEnv, unless a test sets another.
	Now func() time.Time
	// Logger takes the warnings New gives about the configuration (and
	// mail's); nil: slog.Default().
	Logger *slog.Logger
	// Feeds is the client media monitoring reads news sites' feeds and
	// pasted pages with; nil: one that reaches only public addresses.
	// Tests give one with AllowPrivate, for their servers on 127.0.0.1.
	Feeds *feeds.Client
	// LDAP is the municipality's directory staff sign in with (LDAP_URL,
	// LDAP_BIND_DN, LDAP_BIND_PASSWORD, LDAP_BASE_DN, LDAP_USER_FILTER,
	// LDAP_GROUPS, LDAP_CA_FILE); URL empty: every account is local.
	LDAP ldapauth.Config
	// SearchAreaTimeout is how long the search across PR Desk waits for
	// one area; zero: reports.AreaTimeout. Tests about what is found give
	// a long one, so that a busy machine does not change what they see.
	SearchAreaTimeout time.Duration
}

// FromEnv reads the configuration; getenv is os.Getenv outside tests.
func FromEnv(getenv func(string) string) (Config, error) {
	if getenv == nil {
		getenv = os.Getenv
	}
	c := Config{
		Port:         or(getenv("PORT"), "8080"),
		DatabaseURL:  or(getenv("DATABASE_URL"), "postgres://postgres@127.0.0.1:5432/prdesk?sslmode=disable"),
		SMTPURL:      getenv("SMTP_URL"),
		MailFrom:     or(getenv("MAIL_FROM"), "PR Desk <prdesk@daugavpils.lv>"),
		BaseURL:      strings.TrimRight(getenv("BASE_URL"), "/"),
		MaxBodyBytes: 1 << 20,
		LogLevel:     or(getenv("LOG_LEVEL"), "info"),
		FilesDir:     or(getenv("FILES_DIR"), "./var/files"),
		DebugAddr:    getenv("DEBUG_ADDR"),
		MetricsAddr:  strings.TrimSpace(getenv("METRICS_ADDR")),
		BackupDir:    or(getenv("BACKUP_DIR"), "./var/backups"),
		BackupKeep:   backup.DefaultKeep,
		PGBinDir:     getenv("PG_BIN_DIR"),
		Now:          time.Now,
	}
	if v := getenv("BACKUP_KEEP"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 {
			return c, fmt.Errorf("BACKUP_KEEP: want how many backups to keep (0 keeps all), not %q", v)
		}
		c.BackupKeep = n
	}
	at, nightly, err := backup.ParseAt(getenv("BACKUP_AT"))
	if err != nil {
		return c, fmt.Errorf("BACKUP_AT: %w", err)
	}
	c.BackupAt, c.BackupNightly = at, nightly
	if v := getenv("SECURE_COOKIES"); v != "" {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return c, fmt.Errorf("SECURE_COOKIES: %w", err)
		}
		c.SecureCookies = b
	}
	if v := getenv("MAX_BODY_BYTES"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n < 1024 {
			return c, fmt.Errorf("MAX_BODY_BYTES: want a number of bytes of at least 1024")
		}
		c.MaxBodyBytes = n
	}
	if _, err := strconv.Atoi(c.Port); err != nil {
		return c, fmt.Errorf("PORT: %w", err)
	}
	if c.MetricsAddr != "" {
		if err := validListenAddr(c.MetricsAddr); err != nil {
			return c, fmt.Errorf("METRICS_ADDR: want host:port or :port, such as 10.0.0.7:9464 or :9464: %w", err)
		}
	}
	if c.BaseURL != "" && !validBaseURL(c.BaseURL) {
		return c, fmt.Errorf("BASE_URL: want an http:// or https:// address such as https://prdesk.daugavpils.lv, not %q", c.BaseURL)
	}
	proxies, err := parseProxies(getenv("TRUSTED_PROXIES"))
	if err != nil {
		return c, fmt.Errorf("TRUSTED_PROXIES: %w", err)
	}
	c.TrustedProxies = proxies
	if c.LDAP.URL = strings.TrimSpace(getenv("LDAP_URL")); c.LDAP.URL != "" {
		c.LDAP.BindDN, c.LDAP.BindPassword = getenv("LDAP_BIND_DN"), getenv("LDAP_BIND_PASSWORD")
		c.LDAP.BaseDN, c.LDAP.UserFilter, c.LDAP.CAFile = getenv("LDAP_BASE_DN"), getenv("LDAP_USER_FILTER"), getenv("LDAP_CA_FILE")
		if c.LDAP.Groups, err = ldapauth.ParseGroups(getenv("LDAP_GROUPS")); err != nil {
			return c, err
		}
		if !strings.HasPrefix(c.LDAP.URL, "ldaps://") && !strings.HasPrefix(c.LDAP.URL, "ldap://") {
			return c, fmt.Errorf("LDAP_URL: want ldaps://host:636 or ldap://host:389 (StartTLS), not %q", c.LDAP.URL)
		}
	}
	if err := (mail.Config{SMTPURL: c.SMTPURL, From: c.MailFrom}).Validate(); err != nil {
		return c, err
	}
	return c, nil
}

func or(v, def string) string {
	if v == "" {
		return def
	}
	return v
}

// JobBaseURL is where links in what is written outside a request (a job's
// mail) point: BASE_URL, or this server on this machine.
func (c Config) JobBaseURL() string {
	if c.BaseURL != "" {
		return c.BaseURL
	}
	return "http://localhost:" + c.Port
}

// parseProxies reads a list of addresses and networks (10.0.0.5,
// 10.1.0.0/16, ::1), separated by commas or spaces.
func parseProxies(s string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' }) {
		if strings.Contains(f, "/") {
			p, err := netip.ParsePrefix(f)
			if err != nil {
				return nil, fmt.Errorf("%q is not an address or a network such as 10.0.0.0/8", f)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(f)
		if err != nil {
			return nil, fmt.Errorf("%q is not an address or a network such as 10.0.0.0/8", f)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// validListenAddr checks a listening address: host:port or :port, the
// port a number from 1 to 65535.
func validListenAddr(addr string) error {
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		return err
	}
	if n, err := strconv.Atoi(port); err != nil || n < 1 || n > 65535 {
		return fmt.Errorf("%q is not a port", port)
	}
	return nil
}

// validBaseURL tells whether s is an absolute http(s) address with a host
// and nothing a link cannot be built on (a query, a fragment, a password).
func validBaseURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" &&
		u.User == nil && u.RawQuery == "" && u.Fragment == "" && !u.ForceQuery
}

// BackupConfig is what a backup of pool needs from the configuration.
func (c Config) BackupConfig(pool *pgxpool.Pool) backup.Config {
	return backup.Config{Pool: pool, URL: c.DatabaseURL, FilesDir: c.FilesDir, Dir: c.BackupDir,
		Keep: c.BackupKeep, BinDir: c.PGBinDir, Now: c.Now}
}
