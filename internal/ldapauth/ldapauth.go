// Package ldapauth signs staff in with their account in the municipality's
// directory (Active Directory over LDAP or LDAPS): a search with a service
// account finds the user, a bind as the user checks the password, and the
// user's groups give their roles here by a setting. The account is created
// or updated at each sign-in (store.go), so a change of groups in the
// directory takes effect at the next one.
package ldapauth

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/go-ldap/ldap/v3"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/daugavpils/prdesk/internal/auth"
)

// Config is the directory's settings (LDAP_* in the environment).
type Config struct {
	URL          string // ldaps://dc.daugavpils.lv:636, or ldap://… (with StartTLS unless ?starttls=false)
	BindDN       string // the service account that searches
	BindPassword string
	BaseDN       string // where users are searched
	// UserFilter finds the user; %s is the user name, escaped.
	UserFilter string
	// Groups give roles: a group's DN (compared without regard to case)
	// to the role its members hold here.
	Groups  map[string]auth.Role
	CAFile  string // the directory's CA certificate (PEM), when not the system's
	Timeout time.Duration
}

// DefaultUserFilter finds an Active Directory user by their sign-in name.
const DefaultUserFilter = "(&(objectClass=user)(sAMAccountName=%s))"

// ParseGroups reads LDAP_GROUPS: role:group DN pairs separated by ";", e.g.
// "staff:CN=PR Desk staff,OU=Groups,DC=daugavpils,DC=lv;head:CN=…".
func ParseGroups(s string) (map[string]auth.Role, error) {
	out := map[string]auth.Role{}
	for _, pair := range strings.Split(s, ";") {
		pair = strings.TrimSpace(pair)
		if pair == "" {
			continue
		}
		role, dn, ok := strings.Cut(pair, ":")
		r := auth.Role(strings.TrimSpace(role))
		if !ok || !slices.Contains(auth.Roles, r) || strings.TrimSpace(dn) == "" {
			return nil, fmt.Errorf("LDAP_GROUPS: %q is not role:group DN with one of the roles %s", pair, strings.Join(auth.RoleNames(), ", "))
		}
		out[strings.ToLower(strings.TrimSpace(dn))] = r
	}
	if len(out) == 0 {
		return nil, errors.New("LDAP_GROUPS: no group gives a role")
	}
	return out, nil
}

// Directory is auth.Directory over LDAP.
type Directory struct {
	cfg   Config
	tls   *tls.Config
	store store
}

// New checks cfg and returns the directory; nothing is dialled yet.
func New(cfg Config, pool *pgxpool.Pool) (*Directory, error) {
	if cfg.URL == "" || cfg.BaseDN == "" || len(cfg.Groups) == 0 {
		return nil, errors.New("ldap: LDAP_URL, LDAP_BASE_DN and LDAP_GROUPS are all needed")
	}
	if cfg.UserFilter == "" {
		cfg.UserFilter = DefaultUserFilter
	}
	if strings.Count(cfg.UserFilter, "%s") != 1 {
		return nil, errors.New("ldap: LDAP_USER_FILTER must hold %s once, for the user name")
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 5 * time.Second
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.CAFile != "" {
		pem, err := os.ReadFile(cfg.CAFile)
		if err != nil {
			return nil, fmt.Errorf("ldap: LDAP_CA_FILE: %w", err)
		}
		tc.RootCAs = x509.NewCertPool()
		if !tc.RootCAs.AppendCertsFromPEM(pem) {
			return nil, errors.New("ldap: LDAP_CA_FILE holds no PEM certificate")
		}
	}
	return &Directory{cfg: cfg, tls: tc, store: store{pool: pool}}, nil
}

// entry is what the directory says of a user.
type entry struct {
	DN, Name, Email string
	Roles           []auth.Role
}

// Authenticate implements auth.Directory.
func (d *Directory) Authenticate(ctx context.Context, username, password string) (*auth.User, error) {
	// An empty password would be an unauthenticated bind, which many
	// directories answer with success.
	if password == "" || !validUsername(username) {
		return nil, auth.ErrBadCredentials
	}
	e, err := d.check(ctx, username, password)
	if err != nil {
		return nil, err
	}
	return d.store.provision(ctx, username, e)
}

// check finds username with the service account and binds as them.
func (d *Directory) check(ctx context.Context, username, password string) (entry, error) {
	conn, err := d.dial(ctx)
	if err != nil {
		return entry{}, fmt.Errorf("%w: %v", auth.ErrDirectoryDown, err)
	}
	defer conn.Close()
	if d.cfg.BindDN != "" {
		if err := conn.Bind(d.cfg.BindDN, d.cfg.BindPassword); err != nil {
			return entry{}, fmt.Errorf("%w: the service account's bind: %v", auth.ErrDirectoryDown, err)
		}
	}
	res, err := conn.Search(ldap.NewSearchRequest(d.cfg.BaseDN, ldap.ScopeWholeSubtree, ldap.NeverDerefAliases,
		2, int(d.cfg.Timeout/time.Second), false,
		fmt.Sprintf(d.cfg.UserFilter, ldap.EscapeFilter(username)),
		[]string{"displayName", "cn", "mail", "memberOf"}, nil))
	switch {
	case ldap.IsErrorWithCode(err, ldap.LDAPResultNoSuchObject):
		return entry{}, auth.ErrBadCredentials
	case err != nil && !ldap.IsErrorWithCode(err, ldap.LDAPResultSizeLimitExceeded):
		return entry{}, fmt.Errorf("%w: search: %v", auth.ErrDirectoryDown, err)
	case res == nil || len(res.Entries) != 1:
		// None, or a filter that finds several: no sign-in on a guess.
		return entry{}, auth.ErrBadCredentials
	}
	found := res.Entries[0]
	if err := conn.Bind(found.DN, password); err != nil {
		if ldap.IsErrorWithCode(err, ldap.LDAPResultInvalidCredentials) {
			return entry{}, auth.ErrBadCredentials
		}
		return entry{}, fmt.Errorf("%w: the user's bind: %v", auth.ErrDirectoryDown, err)
	}
	e := entry{DN: found.DN, Name: found.GetAttributeValue("displayName"), Email: found.GetAttributeValue("mail")}
	if e.Name == "" {
		e.Name = found.GetAttributeValue("cn")
	}
	if e.Name == "" {
		e.Name = username
	}
	for _, g := range found.GetAttributeValues("memberOf") {
		if r, ok := d.cfg.Groups[strings.ToLower(strings.TrimSpace(g))]; ok && !slices.Contains(e.Roles, r) {
			e.Roles = append(e.Roles, r)
		}
	}
	slices.Sort(e.Roles)
	if len(e.Roles) == 0 {
		return entry{}, auth.ErrNoAccess
	}
	if err := auth.CheckRoles(e.Roles); err != nil {
		return entry{}, fmt.Errorf("%w: the groups give the administrator's role with one that reads personal data", auth.ErrNoAccess)
	}
	return e, nil
}

func (d *Directory) dial(ctx context.Context) (*ldap.Conn, error) {
	dialer := &net.Dialer{Timeout: d.cfg.Timeout}
	tc := d.tls.Clone()
	if host, _, err := net.SplitHostPort(hostOf(d.cfg.URL)); err == nil {
		tc.ServerName = host
	}
	conn, err := ldap.DialURL(strings.TrimSuffix(d.cfg.URL, "?starttls=false"), ldap.DialWithDialer(dialer), ldap.DialWithTLSConfig(tc))
	if err != nil {
		return nil, err
	}
	conn.SetTimeout(d.cfg.Timeout)
	if strings.HasPrefix(d.cfg.URL, "ldap://") && !strings.HasSuffix(d.cfg.URL, "?starttls=false") {
		if err := conn.StartTLS(tc); err != nil {
			conn.Close()
			return nil, fmt.Errorf("StartTLS: %w", err)
		}
	}
	return conn, nil
}

func hostOf(url string) string {
	rest := url[strings.Index(url, "://")+3:]
	if i := strings.IndexAny(rest, "/?"); i >= 0 {
		rest = rest[:i]
	}
	if !strings.Contains(rest, ":") {
		rest += ":636"
	}
	return rest
}

// validUsername: what a PR Desk user name may be (users.username's check).
func validUsername(s string) bool {
	if len(s) < 2 || len(s) > 40 {
		return false
	}
	return strings.Trim(s, "abcdefghijklmnopqrstuvwxyz0123456789._-") == ""
}
