package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/demo"
	"github.com/daugavpils/prdesk/internal/i18n"
)

// The head's home page says when the coming year's Cabinet order moving
// working days is not in the calendar (from 1 July, when it is due); the
// administrator's links to where it is entered; nobody else is told.
func TestHomeWarnsOfAMissingCabinetOrder(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, time.Date(2026, 12, 4, 10, 0, 0, 0, i18n.Riga))
	home := func(who string) string {
		return between(srv.SignIn(t, who, demo.Password).Get(t, "/").Body, `data-testid="order-warning"`, "</div>")
	}
	head := home("head")
	if !strings.Contains(head, "2027. gadā") || !strings.Contains(head, "administratoram") || strings.Contains(head, "/admin/calendar") {
		t.Errorf("the head's home page: %q", head)
	}
	if admin := home("admin"); !strings.Contains(admin, "/admin/calendar?year=2027#order") {
		t.Errorf("the administrator's home page: %q", admin)
	}
	for _, who := range []string{"staff", "clerk", "director", "chair"} {
		if w := home(who); w != "" {
			t.Errorf("%s is warned: %q", who, w)
		}
	}
	// In March 2026 the year's order (shipped with the calendar) is there.
	srv.Clock.Set(t, time.Date(2026, 3, 2, 10, 0, 0, 0, i18n.Riga))
	if w := home("head"); w != "" {
		t.Errorf("in March 2026: %q", w)
	}

	// Once the administrator says none was issued for 2027, the warning goes.
	srv.Clock.Set(t, time.Date(2026, 12, 4, 10, 0, 0, 0, i18n.Riga))
	store := calendar.NewStore(srv.Pool)
	st, err := store.OrderStatus(context.Background(), 2027)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background() // as the system
	if err := store.SetNoOrder(ctx, 2027, true, st.Version); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		st, _ := store.OrderStatus(context.Background(), 2027)
		store.SetNoOrder(ctx, 2027, false, st.Version) //nolint:errcheck
	})
	if w := home("head"); w != "" {
		t.Errorf("with no order issued for 2027: %q", w)
	}
}

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return ""
	}
	s = s[i:]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return s
}
