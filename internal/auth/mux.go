package auth

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strings"

	"github.com/go-chi/chi/v5"

	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
	"github.com/daugavpils/prdesk/templates/layout"
)

// Route is one registered route and the permission it needs.
type Route struct {
	Method  string
	Pattern string
	Perm    Permission
}

type registry struct {
	routes []Route
	errs   []string
}

// Mux registers routes on a chi router; every route must name its permission.
type Mux struct {
	r      chi.Router
	prefix string
	reg    *registry
}

// NewMux wraps r.
func NewMux(r chi.Router) *Mux {
	return &Mux{r: r, reg: &registry{}}
}

// Get registers a GET (and HEAD) route.
func (m *Mux) Get(pattern string, perm Permission, h http.HandlerFunc) {
	m.Handle(http.MethodGet, pattern, perm, h)
}

// Post registers a POST route.
func (m *Mux) Post(pattern string, perm Permission, h http.HandlerFunc) {
	m.Handle(http.MethodPost, pattern, perm, h)
}

// Handle registers a route for one method.
func (m *Mux) Handle(method, pattern string, perm Permission, h http.Handler) {
	full := m.prefix + pattern
	if perm == "" || !Known(perm) {
		m.reg.errs = append(m.reg.errs, fmt.Sprintf("%s %s: permission %q is not in the table", method, full, perm))
	}
	m.reg.routes = append(m.reg.routes, Route{method, full, perm})
	m.r.Method(method, pattern, Require(perm, h))
}

// Route mounts a group of routes under prefix.
func (m *Mux) Route(prefix string, fn func(*Mux)) {
	m.r.Route(prefix, func(r chi.Router) {
		fn(&Mux{r: r, prefix: m.prefix + prefix, reg: m.reg})
	})
}

// Routes lists every registered route, sorted.
func (m *Mux) Routes() []Route {
	out := append([]Route(nil), m.reg.routes...)
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pattern != out[j].Pattern {
			return out[i].Pattern < out[j].Pattern
		}
		return out[i].Method < out[j].Method
	})
	return out
}

// Check fails when a route was registered without a known permission, or
// when the router holds a route that did not go through Mux.
func (m *Mux) Check() error {
	errs := append([]string(nil), m.reg.errs...)
	declared := map[string]bool{}
	for _, rt := range m.reg.routes {
		declared[rt.Method+" "+normalise(rt.Pattern)] = true
	}
	if routes, ok := m.r.(chi.Routes); ok {
		err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
			if strings.HasPrefix(route, "/static/") {
				return nil
			}
			if !declared[method+" "+normalise(route)] {
				errs = append(errs, fmt.Sprintf("%s %s: registered without a permission", method, route))
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("routes: %s", strings.Join(errs, "; "))
	}
	return nil
}

func normalise(p string) string {
	p = strings.ReplaceAll(p, "/*/", "/")
	if len(p) > 1 {
		p = strings.TrimSuffix(p, "/")
	}
	return p
}

// Require lets the request through only for a person whose roles grant perm.
// Nobody signed in: sent to the sign-in page (HTML) or 401; signed in without
// the permission: 403.
func Require(perm Permission, h http.Handler) http.Handler {
	if perm == Public {
		return h
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		if u == nil {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
				return
			}
			http.Error(w, http.StatusText(http.StatusUnauthorized), http.StatusUnauthorized)
			return
		}
		if !u.Can(perm) {
			web.Error(w, r, errs.Forbidden)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// Link is one page of an area's sub-navigation: its path, the catalogue
// key of its name, and the permission that opens it.
type Link struct {
	Path string
	Key  string
	Perm Permission
}

// SubNavLinks are the links of an area's sub-navigation the viewer of ctx
// may open, the current page marked.
func SubNavLinks(ctx context.Context, links []Link) []components.NavLink {
	u := UserFrom(ctx)
	current := strings.TrimSuffix(layout.PageFrom(ctx).Path, "/")
	// The current link is the page's own, or on a page beneath links (a
	// card, its form) the one whose path is the longest start of it.
	best := -1
	for i, l := range links {
		switch {
		case l.Path == current:
			best = i
		case best >= 0 && links[best].Path == current:
		case strings.HasPrefix(current, l.Path+"/") && (best < 0 || len(l.Path) > len(links[best].Path)):
			best = i
		}
	}
	out := make([]components.NavLink, 0, len(links))
	for i, l := range links {
		if u.Can(l.Perm) {
			out = append(out, components.NavLink{Path: l.Path, Label: i18n.T(ctx, l.Key), Current: i == best})
		}
	}
	return out
}
