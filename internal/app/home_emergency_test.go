package app_test

import (
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func TestHomeTellsOfAnEmergencyInForce(t *testing.T) {
	srv := apptest.New(t)
	e := presstest.ActiveEmergency(t, srv.Pool)
	for user, want := range map[string][]string{
		"unit":  {`data-testid="emergency"`, "/press/statements/new", e.Title},
		"staff": {`data-testid="emergency"`, "/press/emergencies/", e.Title},
	} {
		body := srv.Client(t, user).Get(t, "/").Body
		for _, w := range want {
			if !strings.Contains(body, w) {
				t.Errorf("%s's home page lacks %q", user, w)
			}
		}
	}
	if body := srv.Client(t, "director").Get(t, "/").Body; strings.Contains(body, `data-testid="emergency"`) {
		t.Errorf("the director, who has no part in it, is told")
	}
}
