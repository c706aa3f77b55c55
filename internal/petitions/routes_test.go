package petitions_test

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// The route samples keep their promise to the route × role test: every
// account the permission table lets into the area gets something other
// than "not found", and the ones a sample names as refused get 403.
func TestRouteSamples(t *testing.T) {
	srv := server(t)
	samples := petitionstest.RouteSamples(t, srv.Pool)
	patterns := map[string]bool{}
	for _, rt := range srv.App.Routes() {
		if strings.HasPrefix(rt.Pattern, "/petitions/") && strings.Contains(rt.Pattern, "{") {
			patterns[rt.Pattern] = true
		}
	}
	for _, s := range samples {
		if !patterns[s.Pattern] {
			t.Errorf("sample of %s: no such route", s.Pattern)
		}
		delete(patterns, s.Pattern)
	}
	for p := range patterns {
		t.Errorf("route %s has no sample", p)
	}
	for _, s := range samples {
		for _, user := range []string{"admin", "head", "staff", "clerk", "director", "chair", "deputy"} {
			var res *apptest.Response
			if strings.HasSuffix(s.Pattern, "{action}") {
				res = srv.Client(t, user).PostForm(t, s.Path, url.Values{})
			} else {
				res = srv.Client(t, user).Get(t, s.Path)
			}
			allowed := auth.Can(petitionstest.User(t, srv.Pool, user).Roles, auth.AreaPetitions)
			switch {
			case !allowed || slices.Contains(s.Refused, user):
				if res.StatusCode != http.StatusForbidden {
					t.Errorf("%s as %s: status %d, want 403", s.Path, user, res.StatusCode)
				}
			case res.StatusCode == http.StatusNotFound || res.StatusCode == http.StatusForbidden || res.StatusCode >= 500:
				t.Errorf("%s as %s: status %d", s.Path, user, res.StatusCode)
			}
		}
	}
}
