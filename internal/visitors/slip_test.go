package visitors_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/visitors/visitorstest"
)

func TestConfirmationSlip(t *testing.T) {
	srv := apptest.New(t)
	srv.Clock.Set(t, fixedNow)
	o := addDemoOfficials(t, srv)
	name := "Sandra Kalēja"
	id := visitorstest.AddBooking(t, srv.Pool, visitorstest.Booking{OfficialID: o.deputyChair, Start: riga(2026, 11, 3, 10, 20), Name: name})
	path := fmt.Sprintf("/visitors/bookings/%d/slip", id)
	res := srv.Client(t, "clerk").Get(t, path)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, name) || !strings.Contains(res.Body, "data-print") {
		t.Errorf("the clerk's slip: %d", res.StatusCode)
	}
	if card := srv.Client(t, "clerk").Get(t, fmt.Sprintf("/visitors/bookings/%d", id)); !strings.Contains(card.Body, path) {
		t.Error("the booking card does not link to its slip")
	}
	for _, official := range []string{"chair", "deputy"} {
		if res := srv.Client(t, official).Get(t, path); res.StatusCode != http.StatusForbidden {
			t.Errorf("the %s prints slips: %d", official, res.StatusCode)
		}
	}
	if res := srv.Client(t, "clerk").Get(t, "/visitors/bookings/999999999/slip"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing booking's slip: %d", res.StatusCode)
	}
}
