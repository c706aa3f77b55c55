package delegations_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/pdf/pdftest"
)

func itemForm(date, start, end, activity string, people ...int64) url.Values {
	f := url.Values{"date": {date}, "start": {start}, "end": {end}, "place": {"Daugavpils Rātsnams, Lāčplēša iela 2"},
		"activity": {activity}, "activity_en": {""}, "responsible_id": {""}, "transport": {"Pašvaldības mikroautobuss"}, "version": {"0"}}
	for _, p := range people {
		f.Add("people", fmt.Sprint(p))
	}
	return f
}

// Its dates are no other test's, so the clashes it counts are its own.
func TestProgrammeClashPrintAndCalendar(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Šauļu mēra vizīte", Country: "LT", StartsOn: dt.Date(2027, 5, 19)})
	head, _ := dt.AddOurs(t, srv.Pool, d, "head")
	guest := dt.AddGuest(t, srv.Pool, d, "Vytautas Žemaitis")
	loc := fmt.Sprintf("/delegations/%d/programme", d)
	if res := staff.Get(t, loc); res.StatusCode != 200 || !strings.Contains(res.Body, "Programmā vēl nav neviena punkta") {
		t.Fatalf("empty programme: %d", res.StatusCode)
	}
	clashing := itemForm("19.05.2027.", "11:00", "12:00", "Ekskursija pa Daugavpils cietoksni", head)
	for _, f := range []url.Values{
		itemForm("19.05.2027.", "10:00", "11:30", "Tikšanās ar domes priekšsēdētāju", head, guest),
		itemForm("20.05.2027.", "09:00", "10:00", "Brokastis ar uzņēmējiem", guest),
	} {
		if res := staff.PostForm(t, loc, f); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("add item: %d", res.StatusCode)
		}
	}
	// An item that clashes is shown with its clash and kept as typed, not
	// saved, until the person ticks that they save it anyway.
	res := staff.PostForm(t, loc, clashing)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="pending-clashes"`) ||
		!strings.Contains(res.Body, `value="Ekskursija pa Daugavpils cietoksni"`) || !strings.Contains(res.Body, "Tikšanās ar domes priekšsēdētāju") {
		t.Fatalf("a clashing item: %d", res.StatusCode)
	}
	clashing.Set("confirm_clashes", "on")
	if res := staff.PostForm(t, loc, clashing); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("a clashing item confirmed: %d", res.StatusCode)
	}
	// Editing it asks only about clashes the edit brings.
	var excursion int64
	if err := srv.Pool.QueryRow(context.Background(), `select id from delegation_programme where delegation_id = $1 and activity like 'Ekskursija%'`, d).Scan(&excursion); err != nil {
		t.Fatal(err)
	}
	edit := itemForm("19.05.2027.", "11:00", "12:00", "Ekskursija pa cietoksni un Marka Rotko centru", head)
	edit.Set("version", "1")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", excursion), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("editing a confirmed clash's text: %d", res.StatusCode)
	}
	edit = itemForm("20.05.2027.", "09:30", "10:30", "Ekskursija pa cietoksni un Marka Rotko centru", head, guest)
	edit.Set("version", "2")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", excursion), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moving it where no one of ours is busy: %d", res.StatusCode)
	}
	edit = itemForm("19.05.2027.", "10:30", "11:00", "Ekskursija pa cietoksni un Marka Rotko centru", head)
	edit.Set("version", "3")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", excursion), edit); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `data-testid="pending-clashes"`) {
		t.Fatalf("moving it into a new clash: %d", res.StatusCode)
	}
	edit = itemForm("19.05.2027.", "11:00", "12:00", "Ekskursija pa Daugavpils cietoksni", head)
	edit.Set("version", "3")
	edit.Set("confirm_clashes", "on")
	if res := staff.PostForm(t, fmt.Sprintf("/delegations/programme/%d/edit", excursion), edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("moving it back, confirmed: %d", res.StatusCode)
	}
	// Bad input: nothing saved, the message beside the field.
	for i, f := range []url.Values{
		itemForm("19.05.2027.", "12:00", "11:00", ""),
		itemForm("31.02.2027.", "10:00", "11:00", "Nekas"),
		itemForm("19.05.2027.", "25:00", "11:00", "Nekas"),
		itemForm("19.05.2027.", "10:00", "11:00", strings.Repeat("ž", 10_000)),
		itemForm("19.05.2027.", "10:00", "11:00", "Svešs dalībnieks", 999999),
	} {
		if res := staff.PostForm(t, loc, f); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("bad item %d: %d", i, res.StatusCode)
		}
	}
	var n int
	if err := srv.Pool.QueryRow(context.Background(), `select count(*) from delegation_programme where delegation_id = $1`, d).Scan(&n); err != nil || n != 3 {
		t.Fatalf("%d items, %v", n, err)
	}
	page := srv.Client(t, "director").Get(t, loc)
	if page.StatusCode != 200 || strings.Count(page.Body, `data-testid="clash"`) != 2 || !strings.Contains(page.Body, "Ekskursija pa Daugavpils cietoksni") {
		t.Fatalf("programme: %d, %d clashes", page.StatusCode, strings.Count(page.Body, `data-testid="clash"`))
	}
	pdf := staff.Get(t, loc+".pdf?lang=lv")
	if pdf.StatusCode != 200 || pdf.Header.Get("Content-Type") != "application/pdf" {
		t.Fatalf("pdf: %d", pdf.StatusCode)
	}
	text := pdftest.Text(t, []byte(pdf.Body))
	for _, want := range []string{"Vizītes programma", "Šauļu mēra vizīte", "trešdiena, 19.05.2027.", "10:00–11:30",
		"Tikšanās ar domes priekšsēdētāju", "Lāčplēša iela 2", "Vytautas Žemaitis", "ceturtdiena, 20.05.2027.", "Transports: Pašvaldības mikroautobuss"} {
		if !strings.Contains(text, want) {
			t.Errorf("the Latvian PDF lacks %q:\n%s", want, text)
		}
	}
	en := pdftest.Text(t, []byte(staff.Get(t, loc+".pdf?lang=en").Body))
	for _, want := range []string{"Visit programme", "Wednesday", "Transport: Pašvaldības mikroautobuss"} {
		if !strings.Contains(en, want) {
			t.Errorf("the English PDF lacks %q:\n%s", want, en)
		}
	}
	ics := staff.Get(t, loc+".ics")
	if ics.StatusCode != 200 || strings.Count(ics.Body, "BEGIN:VEVENT") != 3 || !strings.Contains(ics.Body, "DTSTART:20270519T070000Z") {
		t.Fatalf("ics: %d\n%s", ics.StatusCode, ics.Body)
	}
}

func TestProgrammeWarnsOfReceptionHoursAndOtherDelegations(t *testing.T) {
	ctx := context.Background()
	s := dt.NewStore(t, dbtest.Pool(t))
	d := dt.AddDelegation(t, s.Pool, delegations.Delegation{Title: "Pirmā vizīte"})
	other := dt.AddDelegation(t, s.Pool, delegations.Delegation{Title: "Otrā vizīte"})
	p1, user := dt.AddOurs(t, s.Pool, d, "head")
	p2, _ := dt.AddOurs(t, s.Pool, other, "head")
	riga := func(h int) time.Time { return time.Date(2027, 3, 10, h, 0, 0, 0, i18n.Riga) }
	a, err := s.AddItem(ctx, delegations.Item{DelegationID: d, StartsAt: riga(10), EndsAt: riga(12), Place: "Rātsnams", Activity: "Tikšanās", PersonIDs: []int64{p1}})
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.AddItem(ctx, delegations.Item{DelegationID: other, StartsAt: riga(11), EndsAt: riga(13), Place: "Cietoksnis", Activity: "Ekskursija", PersonIDs: []int64{p2}})
	if err != nil {
		t.Fatal(err)
	}
	s.Busy.Times = []delegations.Busy{{UserID: user, Start: riga(9), End: riga(11), What: "Domes ēka, 105. kab."}}
	items, err := s.Programme(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	clashes, err := s.ProgrammeClashes(ctx, items)
	if err != nil {
		t.Fatal(err)
	}
	// Other tests of the package plan the same account on the same day:
	// only these two are looked for.
	withOther, withReception := false, false
	for _, c := range clashes {
		if c.ItemID != a {
			t.Errorf("a clash of another item: %+v", c)
		}
		withOther = withOther || c.Kind == delegations.ClashItem && c.OtherID == b
		withReception = withReception || c.Kind == delegations.ClashReception && c.What == "Domes ēka, 105. kab."
	}
	if !withOther || !withReception {
		t.Fatalf("clashes %+v", clashes)
	}
	// A cancelled delegation's items clash with nothing.
	if _, err := s.Pool.Exec(ctx, `update delegations set status = 'cancelled' where id = $1`, other); err != nil {
		t.Fatal(err)
	}
	s.Busy.Times = nil
	if clashes, err = s.ProgrammeClashes(ctx, items); err != nil {
		t.Fatal(err)
	}
	for _, c := range clashes {
		if c.OtherID == b || c.Kind == delegations.ClashReception {
			t.Fatalf("with the other cancelled: %+v", c)
		}
	}
}
