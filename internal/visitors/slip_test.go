package visitors_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
)

func TestConfirmationSlip(t *testing.T) {
	srv := apptest.New(t)
	apptest.SeedDemo(t, srv) // until the test builds its own rows
	var id int64
	var name string
	err := srv.Pool.QueryRow(context.Background(),
		"select id, visitor_name from visit_bookings where visitor_name <> '' order by id limit 1").Scan(&id, &name)
	if err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/visitors/bookings/%d/slip", id)
	res := srv.Client(t, "clerk").Get(t, path)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Body, name) || !strings.Contains(res.Body, "data-print") {
		t.Errorf("the clerk's slip: %d", res.StatusCode)
	}
	if card := srv.Client(t, "clerk").Get(t, fmt.Sprintf("/visitors/bookings/%d", id)); !strings.Contains(card.Body, path) {
		t.Error("the booking card does not link to its slip")
	}
	if res := srv.Client(t, "chair").Get(t, path); res.StatusCode != http.StatusForbidden {
		t.Errorf("the chair prints slips: %d", res.StatusCode)
	}
	if res := srv.Client(t, "clerk").Get(t, "/visitors/bookings/999999999/slip"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a missing booking's slip: %d", res.StatusCode)
	}
}
