package delegations_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestAParticipantsOwnCalendarFeed(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Plūsmas delegācija", StartsOn: dt.Date(2027, 4, 14)})
	dt.AddOurs(t, srv.Pool, d, "staff")
	var person int64
	if err := srv.Pool.QueryRow(t.Context(), `select p.id from delegation_people p join users u on u.id = p.user_id
		where p.delegation_id = $1 and u.username = 'staff'`, d).Scan(&person); err != nil {
		t.Fatal(err)
	}
	res := staff.PostForm(t, fmt.Sprintf("/delegations/%d/programme", d), itemForm("14.04.2027.", "10:00", "11:00", "Plūsmas tikšanās", person))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("item: %d", res.StatusCode)
	}
	page := staff.PostForm(t, "/delegations/feed", url.Values{})
	m := regexp.MustCompile(`/delegations/ical/[A-Za-z0-9_-]+\.ics`).FindString(page.Body)
	if page.StatusCode != 200 || m == "" {
		t.Fatalf("feed page: %d", page.StatusCode)
	}
	feed := srv.Anonymous(t).Get(t, m)
	if feed.StatusCode != 200 || !strings.Contains(feed.Body, "SUMMARY:Plūsmas tikšanās") {
		t.Fatalf("feed: %d\n%s", feed.StatusCode, feed.Body)
	}
	if res := srv.Anonymous(t).Get(t, "/delegations/ical/nepareizs.ics"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a wrong token: %d", res.StatusCode)
	}
	// A new address makes the old one invalid.
	staff.PostForm(t, "/delegations/feed", url.Values{})
	if res := srv.Anonymous(t).Get(t, m); res.StatusCode != http.StatusNotFound {
		t.Fatalf("the old address: %d", res.StatusCode)
	}
}
