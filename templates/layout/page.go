// Package layout is the page shell every screen is drawn in, and the page
// context (who is signed in, the language, the flash) that travels with a request.
package layout

import "context"

// Viewer is the signed-in person, as the shell shows them.
type Viewer struct {
	ID       int64
	Username string
	FullName string
	Roles    []string
}

// NavItem is one entry of the navigation. Key is a catalogue key (area.*).
type NavItem struct {
	Path  string
	Key   string
	Admin bool
}

// Page is what the shell needs to know about the request.
type Page struct {
	Viewer    *Viewer // nil when nobody is signed in
	Nav       []NavItem
	Path      string
	Flash     string
	RequestID string
	// BaseURL is the address people reach PR Desk at, for links in mail and
	// letters a request writes: BASE_URL, or the address the request came in at.
	BaseURL string
}

type pageKey struct{}

// WithPage stores the page context in ctx.
func WithPage(ctx context.Context, p *Page) context.Context {
	return context.WithValue(ctx, pageKey{}, p)
}

// PageFrom returns the page context of the request (never nil).
func PageFrom(ctx context.Context) *Page {
	if p, ok := ctx.Value(pageKey{}).(*Page); ok && p != nil {
		return p
	}
	return &Page{}
}

func (p *Page) current(path string) bool {
	if !covers(path, p.Path) {
		return false
	}
	// Of two links that both start the page (/press and /press/statements),
	// the longer is its own.
	for _, n := range p.Nav {
		if len(n.Path) > len(path) && covers(n.Path, p.Path) {
			return false
		}
	}
	return true
}

// covers tells whether the link to path leads to page or above it.
func covers(path, page string) bool {
	if path == "/" {
		return page == "/"
	}
	return page == path || len(page) > len(path) && page[:len(path)] == path && page[len(path)] == '/'
}

func (p *Page) hasAdmin() bool {
	for _, n := range p.Nav {
		if n.Admin {
			return true
		}
	}
	return false
}
