package e2e_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/daugavpils/prdesk/internal/app"
	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/petitions"
	"github.com/daugavpils/prdesk/internal/petitions/petitionstest"
)

// petitionsLongNames opens the registry's lists and cards with a person, a
// subject, a summary, a resolution, an addressee and an executor of 200
// characters without a space, at each of screenSizes, as the head, the
// chair and a staff member: no page may scroll sideways, and a
// registration number stays on one line. The screenshots go to
// PRDESK_SCREENSHOT_DIR when it is set, for a person to look at.
func petitionsLongNames(t *testing.T, b *browser) {
	dir := os.Getenv("PRDESK_SCREENSHOT_DIR")
	if dir == "" {
		dir = t.TempDir()
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	srv := apptest.NewWithConfig(t, func(c *app.Config) { c.Demo = false })
	now := petitionstest.Noon(time.Now())
	srv.Clock.Set(t, now)
	long := func(word string) string { return string([]rune(strings.Repeat(word, 200))[:200]) }
	n := time.Now().UnixNano()
	chair := fmt.Sprintf("garais_vaditajs_%d", n)
	staff := fmt.Sprintf("garais_izpilditajs_%d", n)
	petLongUser(t, srv, chair, long("Vadītājsarļotigaruvārdu"), auth.RoleManagement)
	staffID := petLongUser(t, srv, staff, long("Izpildītājsarļotigaruvārdu"), auth.RoleStaff)

	name, subject := long("Garvārdsbezatstarpēm"), long("Tematsbezatstarpēm")
	summary := long("Kopsavilkumsbezatstarpēm") + " " + long("Otrsgarštekstsbeztukšumiem")
	// Resolved by the long-named member of the management, to the long-named executor.
	resolved := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: now.Add(-2 * time.Hour), Name: name,
		Subject: subject, Summary: summary, Addressee: chair, Email: "garais@example.lv"})
	petitionstest.Step(t, srv.Pool, resolved.ID, "clerk", petitions.ActSend, petitions.Step{}, now.Add(-time.Hour))
	petitionstest.Step(t, srv.Pool, resolved.ID, chair, petitions.ActResolve, petitions.Step{
		Resolution: long("Rezolūcijasteksts"), Users: []int64{staffID}, Units: []string{long("Struktūrvienība")},
		ExecDue: resolved.LegalDueDate, Note: long("Piezīme"),
	}, now.Add(-time.Hour))
	// Waiting for the chair's resolution, with the long-named executor to choose.
	waiting := petitionstest.Register(t, srv.Pool, petitionstest.Sub{At: now.Add(-3 * time.Hour), Name: name,
		Subject: subject, Summary: summary})
	petitionstest.Step(t, srv.Pool, waiting.ID, "clerk", petitions.ActSend, petitions.Step{}, now.Add(-time.Hour))
	// Waiting for the long-named addressee (the head's queue groups by it),
	// and in progress with the staff member, addressed to it.
	petitionstest.Insert(t, srv.Pool, petitionstest.Row{Name: name, Subject: subject, State: petitions.AwaitingResolution,
		Addressee: chair, Received: now.Add(-4 * time.Hour), Year: now.Year()})
	assigned := petitionstest.Insert(t, srv.Pool, petitionstest.Row{Name: name, Subject: subject, State: petitions.InProgress,
		Addressee: chair, Executor: "staff", Received: now.Add(-5 * time.Hour), Due: now.AddDate(0, 0, -3), Year: now.Year()})

	pages := []struct{ user, name, path string }{
		{"head", "list", "/petitions"},
		{"head", "list-in-progress", "/petitions?state=in_progress"},
		{"head", "list-overdue", "/petitions?overdue=on&sort=due"},
		{"head", "queue", "/petitions/resolutions"},
		{"head", "card", fmt.Sprintf("/petitions/%d", resolved.ID)},
		{"head", "card-print", fmt.Sprintf("/petitions/%d/print", resolved.ID)},
		{"chair", "queue", "/petitions/resolutions"},
		{"chair", "card-resolve", fmt.Sprintf("/petitions/%d", waiting.ID)},
		{"staff", "assigned", "/petitions/assigned"},
		{"staff", "card", fmt.Sprintf("/petitions/%d", assigned.ID)},
	}
	tabs := map[string]*tab{}
	for _, pg := range pages {
		if tabs[pg.user] == nil {
			tabs[pg.user] = deskTab(t, b, srv, pg.user)
		}
	}
	for _, size := range screenSizes {
		for _, pg := range pages {
			tb := tabs[pg.user]
			tb.do(fmt.Sprintf("viewport %d", size.width), chromedp.EmulateViewport(size.width, size.height))
			tb.open(pg.path)
			// Every step's form open, as a person would come across it.
			eval[chromedp.Void](tb, "open every form", `document.querySelectorAll('details').forEach(d => d.open = true)`)
			if w := eval[[]int](tb, "widths", `[document.documentElement.scrollWidth, innerWidth]`); w[0] > w[1] {
				t.Errorf("%s as %s at %dpx: the page is %dpx wide and scrolls sideways", pg.path, pg.user, size.width, w[0])
			}
			// A registration number in a list stays on one line.
			if broken := eval[[]string](tb, "numbers", `[...document.querySelectorAll('table.petitions tbody th[scope=row] a')]
				.filter(a => a.getClientRects().length > 1).map(a => a.textContent)`); len(broken) > 0 {
				t.Errorf("%s as %s at %dpx: registration numbers broken over lines: %v", pg.path, pg.user, size.width, broken)
			}
			shot := run(tb, "screenshot "+pg.name, chromedp.FullScreenshot(100))
			file := filepath.Join(dir, fmt.Sprintf("petitions-%s-%s-%d.png", pg.user, pg.name, size.width))
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}

// petLongUser makes an account of role named fullName, for the pages to show.
func petLongUser(t *testing.T, srv *apptest.Server, username, fullName string, role auth.Role) int64 {
	t.Helper()
	return petitionstest.Account(t, srv.Pool, username, fullName, role)
}
