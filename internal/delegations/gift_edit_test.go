package delegations_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/delegations"
	dt "github.com/daugavpils/prdesk/internal/delegations/delegationstest"
	"github.com/daugavpils/prdesk/internal/errs"
)

// An edited gift is saved at its version, its handover mark computed again
// against the threshold (150 EUR), in one transaction with an audit entry
// that names no one.
func TestUpdateGiftRecomputesTheHandoverAtItsVersion(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := dt.NewStore(t, pool)
	d := dt.AddDelegation(t, pool, delegations.Delegation{Title: "Dāvanu labošanas delegācija"})
	small := delegations.Money(2000)
	id, err := s.AddGift(ctx, delegations.Gift{DelegationID: d, Direction: delegations.Received, Item: "Pildspalva", Value: &small,
		Giver: "Ilze Dāvinātāja", Receiver: "Jānis Saņēmējs", GivenOn: dt.Date(2027, 3, 10)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	big := delegations.Money(48000)
	g := delegations.Gift{ID: id, DelegationID: d, Direction: delegations.Received, Item: "Kristāla vāze", Value: &big,
		Giver: "Ilze Dāvinātāja", Receiver: "Jānis Saņēmējs", GivenOn: dt.Date(2027, 3, 11), Version: 1}
	if err := s.UpdateGift(ctx, g, nil, false); err != nil {
		t.Fatal(err)
	}
	got, err := s.Gift(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Item != "Kristāla vāze" || got.Value == nil || *got.Value != big || !got.Handover || got.Version != 2 || !got.GivenOn.Equal(dt.Date(2027, 3, 11)) {
		t.Fatalf("updated gift %+v", got)
	}
	// A stale form overwrites nothing.
	g.Item = "Vecā forma"
	if err := s.UpdateGift(ctx, g, nil, false); !errors.Is(err, errs.Conflict) {
		t.Fatalf("stale update: %v", err)
	}
	// Back below the threshold, the mark goes.
	g.Item, g.Value, g.Version = "Kristāla vāze", &small, 2
	if err := s.UpdateGift(ctx, g, nil, false); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Gift(ctx, id); got.Handover || got.Item != "Kristāla vāze" {
		t.Fatalf("gift below the threshold %+v", got)
	}
	// Once handed over, it stays handed over, and cannot become one given.
	g.Value, g.Version = &big, 3
	if err := s.UpdateGift(ctx, g, nil, false); err != nil {
		t.Fatal(err)
	}
	on := dt.Date(2027, 3, 15)
	if err := s.SetHandover(ctx, delegations.Gift{ID: id, DelegationID: d, HandedOverOn: &on, KeptAt: "Domes ēka", Version: 4}); err != nil {
		t.Fatal(err)
	}
	g.Value, g.Version = &small, 5
	if err := s.UpdateGift(ctx, g, nil, false); err != nil {
		t.Fatal(err)
	}
	if got, _ = s.Gift(ctx, id); !got.Handover || got.HandedOverOn == nil || got.KeptAt != "Domes ēka" {
		t.Fatalf("a gift handed over lost its handover: %+v", got)
	}
	g.Direction, g.Version = delegations.Given, 6
	if err := s.UpdateGift(ctx, g, nil, false); err == nil {
		t.Fatal("a gift handed over was made one given")
	}
	var n int
	var summaries string
	if err := pool.QueryRow(ctx, `select count(*), string_agg(summary, ' | ') from audit_log
		where entity = 'delegation' and entity_id = $1 and action = 'gift_update'`, fmt.Sprint(d)).Scan(&n, &summaries); err != nil {
		t.Fatal(err)
	}
	if n != 5 || strings.Contains(summaries, "Ilze") || strings.Contains(summaries, "Jānis") || strings.Contains(summaries, "vāze") {
		t.Fatalf("%d audit entries: %s", n, summaries)
	}
}

func TestAGiftIsEditedFromTheLists(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Dāvanas labošana"})
	loc := fmt.Sprintf("/delegations/%d/gifts", d)
	if res := staff.PostMultipart(t, loc, url.Values{"direction": {"received"}, "item": {"Keramikas šķīvis"}, "value": {"40"},
		"giver": {"Narvas mērs"}, "receiver": {"Domes priekšsēdētājs"}, "given_on": {"10.03.2027."}},
		apptest.File{Field: "photo", Name: "skivis.png", Content: dt.PNG()}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("gift: %d", res.StatusCode)
	}
	var gift, photo int64
	if err := srv.Pool.QueryRow(ctx, `select id, photo_file_id from delegation_gifts where delegation_id = $1`, d).Scan(&gift, &photo); err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/delegations/gifts/%d/edit", gift)
	for _, page := range []string{loc, "/delegations/gifts"} {
		if body := staff.Get(t, page).Body; !strings.Contains(body, `href="`+edit+`"`) {
			t.Errorf("%s has no link to edit the gift", page)
		}
	}
	if body := srv.Client(t, "director").Get(t, loc).Body; strings.Contains(body, edit) {
		t.Error("the director, who reads only, is offered the edit")
	}
	page := staff.Get(t, edit)
	if page.StatusCode != 200 || !strings.Contains(page.Body, `value="Keramikas šķīvis"`) || !strings.Contains(page.Body, `value="40,00"`) ||
		!strings.Contains(page.Body, `value="10.03.2027."`) {
		t.Fatalf("edit page: %d", page.StatusCode)
	}
	f := url.Values{"direction": {"received"}, "item": {"Keramikas vāze"}, "value": {"400"}, "giver": {"Narvas mērs"},
		"receiver": {"Domes priekšsēdētājs"}, "given_on": {"11.03.2027."}, "version": {"1"}}
	for i, bad := range []url.Values{
		{"direction": {"stolen"}, "item": {"x"}, "giver": {"x"}, "receiver": {"x"}, "given_on": {"10.03.2027."}, "version": {"1"}},
		{"direction": {"given"}, "item": {strings.Repeat("x", 10_000)}, "value": {"daudz"}, "giver": {""}, "receiver": {"x"}, "given_on": {"32.13.2027."}, "version": {"1"}},
	} {
		if res := staff.PostForm(t, edit, bad); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "error-summary") {
			t.Errorf("bad edit %d: %d", i, res.StatusCode)
		}
	}
	if res := staff.PostForm(t, edit, f); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	f.Set("item", "<script>Vecā forma</script>")
	if res := staff.PostForm(t, edit, f); res.StatusCode != http.StatusConflict || !strings.Contains(res.Body, "error-summary") {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	var handover bool
	var item string
	var kept int64
	if err := srv.Pool.QueryRow(ctx, `select item, handover, photo_file_id from delegation_gifts where id = $1`, gift).Scan(&item, &handover, &kept); err != nil {
		t.Fatal(err)
	}
	if item != "Keramikas vāze" || !handover || kept != photo {
		t.Fatalf("saved %q, handover %v, photo %d (was %d)", item, handover, kept, photo)
	}
	if body := staff.Get(t, loc).Body; !strings.Contains(body, "Jānodod pašvaldībai") || !strings.Contains(body, "Atvērt fotogrāfiju") {
		t.Fatal("the gifts page lacks the new handover mark or the photo")
	}
	if res := staff.Get(t, "/delegations/gifts/999999999/edit"); res.StatusCode != http.StatusNotFound {
		t.Fatalf("no such gift: %d", res.StatusCode)
	}
}

// The edit form replaces a gift's photo or removes it, through the files
// store, with the registration's limits and messages: a refused photo is
// shown beside its field with the typed text kept and nothing saved; a
// photo replaced or removed loses its file row in the same transaction,
// and the gift's audit entry says so.
func TestAGiftsPhotoIsReplacedOrRemoved(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	ctx := context.Background()
	d := dt.AddDelegation(t, srv.Pool, delegations.Delegation{Title: "Fotogrāfijas maiņa"})
	if res := staff.PostMultipart(t, fmt.Sprintf("/delegations/%d/gifts", d), url.Values{"direction": {"received"}, "item": {"Krūze"},
		"giver": {"Narvas mērs"}, "receiver": {"Domes priekšsēdētājs"}, "given_on": {"10.03.2027."}},
		apptest.File{Field: "photo", Name: "kruze.png", Content: dt.PNG()}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("gift: %d", res.StatusCode)
	}
	var gift, first int64
	if err := srv.Pool.QueryRow(ctx, `select id, photo_file_id from delegation_gifts where delegation_id = $1`, d).Scan(&gift, &first); err != nil {
		t.Fatal(err)
	}
	edit := fmt.Sprintf("/delegations/gifts/%d/edit", gift)
	photoURL := func(id int64) string { return fmt.Sprintf("/delegations/gifts/%d/photo/%d", gift, id) }
	page := staff.Get(t, edit).Body
	for _, want := range []string{`enctype="multipart/form-data"`, `name="photo"`, `name="remove_photo"`, `href="` + photoURL(first) + `"`,
		"Dzēst pašreizējo fotogrāfiju"} {
		if !strings.Contains(page, want) {
			t.Errorf("the edit page lacks %s", want)
		}
	}
	state := func() (photo *int64, version int) {
		t.Helper()
		if err := srv.Pool.QueryRow(ctx, `select photo_file_id, version from delegation_gifts where id = $1`, gift).Scan(&photo, &version); err != nil {
			t.Fatal(err)
		}
		return photo, version
	}
	fields := func(version int, item string) url.Values {
		return url.Values{"direction": {"received"}, "item": {item}, "giver": {"Narvas mērs"}, "receiver": {"Domes priekšsēdētājs"},
			"given_on": {"10.03.2027."}, "version": {fmt.Sprint(version)}}
	}

	// Refused: not an image; a new photo and the removal together.
	pdf := []byte("%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
	res := staff.PostMultipart(t, edit, fields(1, "Krūze ar <b>vāku</b>"), apptest.File{Field: "photo", Name: "kruze.pdf", Content: pdf})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, `id="photo-error"`) || !strings.Contains(res.Body, "JPEG, PNG") ||
		!strings.Contains(res.Body, `value="Krūze ar &lt;b&gt;vāku&lt;/b&gt;"`) {
		t.Fatalf("a PDF as the photo: %d", res.StatusCode)
	}
	both := fields(1, "Krūze")
	both.Set("remove_photo", "on")
	res = staff.PostMultipart(t, edit, both, apptest.File{Field: "photo", Name: "cita.png", Content: dt.PNG()})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "ne abus") || !strings.Contains(res.Body, `name="remove_photo" checked`) {
		t.Fatalf("a new photo and its removal together: %d", res.StatusCode)
	}
	if photo, version := state(); photo == nil || *photo != first || version != 1 {
		t.Fatalf("a refused edit saved: photo %v, version %d", photo, version)
	}

	// Replaced: the new photo is served, the old one's row is gone.
	if res := staff.PostMultipart(t, edit, fields(1, "Krūze"), apptest.File{Field: "photo", Name: "jauna.png", Content: dt.PNG()}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("replace: %d", res.StatusCode)
	}
	second, version := state()
	if second == nil || *second == first || version != 2 {
		t.Fatalf("after the replacement: photo %v, version %d", second, version)
	}
	if res := staff.Get(t, photoURL(*second)); res.StatusCode != http.StatusOK {
		t.Errorf("the new photo: %d", res.StatusCode)
	}
	if res := staff.Get(t, photoURL(first)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the old photo: %d", res.StatusCode)
	}
	var files int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from files where id = $1`, first).Scan(&files); err != nil || files != 0 {
		t.Fatalf("the old photo's row: %d, %v", files, err)
	}

	// A stale form changes no photo.
	if res := staff.PostMultipart(t, edit, fields(1, "Krūze"), apptest.File{Field: "photo", Name: "veca.png", Content: dt.PNG()}); res.StatusCode != http.StatusConflict {
		t.Fatalf("stale replace: %d", res.StatusCode)
	}
	if photo, _ := state(); photo == nil || *photo != *second {
		t.Fatal("a stale form replaced the photo")
	}

	// Removed, from a form sent without a file.
	rm := fields(2, "Krūze")
	rm.Set("remove_photo", "on")
	if res := staff.PostMultipart(t, edit, rm); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", res.StatusCode)
	}
	if photo, version := state(); photo != nil || version != 3 {
		t.Fatalf("after the removal: photo %v, version %d", photo, version)
	}
	if err := srv.Pool.QueryRow(ctx, `select count(*) from files where id = $1`, *second).Scan(&files); err != nil || files != 0 {
		t.Fatalf("the removed photo's row: %d, %v", files, err)
	}
	if page := staff.Get(t, edit).Body; strings.Contains(page, `name="remove_photo"`) || strings.Contains(page, "/photo/") {
		t.Error("the edit page of a gift with no photo offers to remove one")
	}

	var summaries string
	if err := srv.Pool.QueryRow(ctx, `select string_agg(summary, ' | ' order by id) from audit_log
		where entity = 'delegation' and entity_id = $1 and action = 'gift_update'`, fmt.Sprint(d)).Scan(&summaries); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(summaries, "fotogrāfija nomainīta") || !strings.Contains(summaries, "fotogrāfija dzēsta") {
		t.Fatalf("audit: %s", summaries)
	}
	var deleted int
	if err := srv.Pool.QueryRow(ctx, `select count(*) from audit_log where entity = 'file' and action = 'delete' and entity_id in ($1, $2)`,
		fmt.Sprint(first), fmt.Sprint(*second)).Scan(&deleted); err != nil || deleted != 2 {
		t.Fatalf("files' deletions audited: %d, %v", deleted, err)
	}
}
