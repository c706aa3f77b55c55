package auth

import (
	"context"
	"testing"

	"github.com/daugavpils/prdesk/templates/layout"
)

// The sub-navigation marks the page's own link, or on a page beneath the
// links (a card, its form) the one whose path is the longest start of it.
func TestSubNavMarksTheSectionOfAPage(t *testing.T) {
	links := []Link{{Path: "/press", Key: "a", Perm: SignedIn}, {Path: "/press?status=approval", Key: "b", Perm: SignedIn},
		{Path: "/press/texts", Key: "c", Perm: SignedIn}, {Path: "/press/texts/new", Key: "d", Perm: SignedIn}}
	for path, want := range map[string]string{
		"/press": "/press", "/press/12": "/press", "/press/texts": "/press/texts", "/press/texts/5/edit": "/press/texts",
		"/press/texts/new": "/press/texts/new", "/press/textsx": "/press", "/contacts": "",
	} {
		ctx := WithUser(layout.WithPage(context.Background(), &layout.Page{Path: path}), &User{Roles: []Role{RoleStaff}})
		got := ""
		for _, l := range SubNavLinks(ctx, links) {
			if l.Current {
				if got != "" {
					t.Errorf("%s: two current links", path)
				}
				got = l.Path
			}
		}
		if got != want {
			t.Errorf("%s: current %q, want %q", path, got, want)
		}
	}
}
