package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
)

func TestGiftsAboveTheThresholdAreHandedOver(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Dāvanu delegācija"})
	loc := fmt.Sprintf("/delegations/%d/gifts", d)
	if res := staff.PostMultipart(t, loc, url.Values{"direction": {"received"}, "item": {"Kristāla vāze"}, "value": {"480,00"},
		"giver": {"Lietuvas vēstnieks"}, "receiver": {"Domes priekšsēdētājs"}, "given_on": {"10.03.2027."}},
		apptest.File{Field: "photo", Name: "vaze.png", Content: dt.PNG()}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("received gift: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc, url.Values{"direction": {"given"}, "item": {"Daugavpils albums"}, "value": {"35"},
		"giver": {"Domes priekšsēdētājs"}, "receiver": {"Lietuvas vēstnieks"}, "given_on": {"10.03.2027."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("given gift: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, loc, url.Values{"direction": {"received"}, "item": {"Pildspalva"}, "value": {"20"},
		"giver": {"Konsuls"}, "receiver": {"Izpilddirektors"}, "given_on": {"10.03.2027."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("small gift: %d", res.StatusCode)
	}
	for i, f := range []url.Values{
		{"direction": {"stolen"}, "item": {"x"}, "giver": {"x"}, "receiver": {"x"}, "given_on": {"10.03.2027."}},
		{"direction": {"given"}, "item": {""}, "giver": {"x"}, "receiver": {"x"}, "given_on": {"10.03.2027."}},
		{"direction": {"given"}, "item": {"x"}, "value": {"daudz"}, "giver": {"x"}, "receiver": {"x"}, "given_on": {"10.03.2027."}},
		{"direction": {"given"}, "item": {strings.Repeat("x", 10_000)}, "giver": {"x"}, "receiver": {"x"}, "given_on": {"32.13.2027."}},
	} {
		if res := staff.PostForm(t, loc, f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("bad gift %d: %d", i, res.StatusCode)
		}
	}
	var handover []bool
	rows, err := srv.Pool.Query(ctx, `select handover from delegation_gifts where delegation_id = $1 order by id`, d)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var h bool
		rows.Scan(&h) //nolint:errcheck
		handover = append(handover, h)
	}
	if fmt.Sprint(handover) != "[true false false]" {
		t.Fatalf("handover %v, want only the vase", handover)
	}
	page := staff.Get(t, loc)
	if !strings.Contains(page.Body, "Jānodod pašvaldībai") || !strings.Contains(page.Body, "Atvērt fotogrāfiju") {
		t.Fatal("the gifts page lacks the handover or the photo")
	}
	var gift int64
	if err := srv.Pool.QueryRow(ctx, `select id from delegation_gifts where delegation_id = $1 and handover`, d).Scan(&gift); err != nil {
		t.Fatal(err)
	}
	h := fmt.Sprintf("/delegations/gifts/%d/handover", gift)
	if res := staff.PostForm(t, h, url.Values{"handed_over_on": {""}, "kept_at": {""}, "version": {"1"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty handover: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, h, url.Values{"handed_over_on": {"15.03.2027."}, "kept_at": {"Domes ēka, 3. stāva vitrīna"}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("handover: %d", res.StatusCode)
	}
	if res := staff.PostForm(t, h, url.Values{"handed_over_on": {"16.03.2027."}, "kept_at": {"Cits"}, "version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale handover: %d", res.StatusCode)
	}
	reg := srv.Client(t, "director").Get(t, "/delegations/gifts")
	if reg.StatusCode != 200 || !strings.Contains(reg.Body, "Domes ēka, 3. stāva vitrīna") || !strings.Contains(reg.Body, "Daugavpils albums") {
		t.Fatalf("register: %d", reg.StatusCode)
	}
}

func TestTheHeadSetsTheThreshold(t *testing.T) {
	srv := apptest.New(t)
	head := srv.Client(t, "head")
	page := head.Get(t, "/delegations/settings")
	if page.StatusCode != 200 {
		t.Fatalf("settings: %d", page.StatusCode)
	}
	if res := srv.Client(t, "staff").Get(t, "/delegations/settings"); res.StatusCode != http.StatusForbidden {
		t.Fatalf("staff: %d", res.StatusCode)
	}
	var version int
	if err := srv.Pool.QueryRow(context.Background(), `select sum(version) from settings where key like 'delegations.%'`).Scan(&version); err != nil {
		t.Fatal(err)
	}
	v := fmt.Sprint(version)
	if res := head.PostForm(t, "/delegations/settings", url.Values{"gift_threshold": {"-1"}, "retention_days": {"x"}, "version": {v}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad settings: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/delegations/settings", url.Values{"gift_threshold": {"200,00"}, "retention_days": {"60"}, "version": {v}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("settings: %d", res.StatusCode)
	}
	if res := head.PostForm(t, "/delegations/settings", url.Values{"gift_threshold": {"300"}, "retention_days": {"60"}, "version": {v}}); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale settings: %d", res.StatusCode)
	}
	t.Cleanup(func() {
		srv.Pool.Exec(context.Background(), `update settings set value = '150' where key = 'delegations.gift_threshold'`) //nolint:errcheck
		srv.Pool.Exec(context.Background(), `update settings set value = '90' where key = 'delegations.retention_days'`)  //nolint:errcheck
	})
	if !strings.Contains(head.Get(t, "/delegations/settings").Body, `value="200,00"`) {
		t.Fatal("the threshold is not saved")
	}
}
