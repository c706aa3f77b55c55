package monitoring_test

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/monitoring"
	"github.com/daugavpils/prdesk/internal/monitoring/monitoringtest"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

func clippingForm(outlet int64, title, idem string) url.Values {
	return url.Values{"url": {"https://www.gorod.lv/novosti/" + idem + "?utm_source=facebook"}, "title": {title},
		"outlet_id": {strconv.FormatInt(outlet, 10)}, "outlet_id_q": {"Gorod"}, "published_date": {"30.11.2026."},
		"published_time": {"09:15"}, "media_type": {"online"}, "language": {"ru"}, "tone": {"negative"},
		"body": {"<script>alert(1)</script> Жители жалуются на задержки автобусов."}, "version": {"0"}, "idem": {idem}}
}

func TestClippingFormShowsDuplicatesBeforeSaving(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	n := serial.Add(1)
	outlet := monitoringtest.Outlet(t, srv.Pool, fmt.Sprintf("Gorod.lv %d", n))
	title := fmt.Sprintf("Автобусы опаздывают %d", n)

	empty := staff.PostForm(t, "/monitoring", url.Values{"version": {"0"}, "idem": {fmt.Sprintf("empty-form-%d", n)}, "tone": {"unjudged"}})
	if empty.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(empty.Body, "Ievadiet publikācijas virsrakstu") ||
		!strings.Contains(empty.Body, "Izvēlieties mediju no kontaktu kataloga") {
		t.Fatalf("an empty form: %d", empty.StatusCode)
	}
	long := clippingForm(outlet, strings.Repeat("ā", 10000), fmt.Sprintf("clipping-long-%d", n))
	if res := staff.PostForm(t, "/monitoring", long); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a 10 000 letter title: %d", res.StatusCode)
	}

	first := staff.PostForm(t, "/monitoring", clippingForm(outlet, title, fmt.Sprintf("clipping-first-%d", n)))
	if first.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", first.StatusCode)
	}
	card := staff.Get(t, first.Header.Get("Location"))
	if !strings.Contains(card.Body, title) || strings.Contains(card.Body, "<script>alert") || strings.Contains(card.Body, "utm_source") {
		t.Errorf("the card: the title, the script as text, the address without tracking")
	}
	// The same article under another address form: shown, not saved.
	again := clippingForm(outlet, title+"!", fmt.Sprintf("clipping-again-%d", n))
	again.Set("url", "http://gorod.lv/novosti/"+fmt.Sprintf("clipping-first-%d", n)+"/")
	shown := staff.PostForm(t, "/monitoring", again)
	if shown.StatusCode != http.StatusOK || !strings.Contains(shown.Body, `data-testid="duplicates"`) {
		t.Fatalf("a duplicate: %d", shown.StatusCode)
	}
	again.Set("confirm", "on")
	if res := staff.PostForm(t, "/monitoring", again); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saved anyway: %d", res.StatusCode)
	}
	// A double click saves one.
	if res := staff.PostForm(t, "/monitoring", again); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the same form again: %d", res.StatusCode)
	}
	p, err := monitoringtest.Store(srv.Pool).List(t.Context(), monitoring.ListQuery{OutletID: outlet})
	if err != nil || p.Total != 2 {
		t.Errorf("clippings of the outlet: %d %v", p.Total, err)
	}
}

func TestEveryoneReadsOnlyTheDepartmentWrites(t *testing.T) {
	srv := apptest.New(t)
	id := monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{Title: "Pilsētas svētki pulcē tūkstošiem"})
	card := "/monitoring/" + strconv.FormatInt(id, 10)
	for user, want := range map[string][2]int{
		"staff": {200, 200}, "head": {200, 200}, "director": {200, 403}, "chair": {200, 403}, "clerk": {200, 403},
		"deputy": {200, 403}, "unit": {200, 403}, "admin": {403, 403},
	} {
		c := srv.Client(t, user)
		if got := c.Get(t, card).StatusCode; got != want[0] {
			t.Errorf("%s reads the card: %d, want %d", user, got, want[0])
		}
		if got := c.Get(t, card+"/edit").StatusCode; got != want[1] {
			t.Errorf("%s opens the form: %d, want %d", user, got, want[1])
		}
	}
}

func TestReleaseCardListsItsCoverage(t *testing.T) {
	srv := apptest.New(t)
	release, _ := presstest.SentRelease(t, srv.Pool)
	title := fmt.Sprintf("Jaunais tilts atklāts %d", serial.Add(1))
	monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{Title: title, ReleaseID: &release, Tone: monitoring.Positive})
	staff := srv.Client(t, "staff")
	card := staff.Get(t, "/press/"+strconv.FormatInt(release, 10))
	if !strings.Contains(card.Body, title) || !strings.Contains(card.Body, "/monitoring?release=") {
		t.Errorf("the release's card lists its clipping")
	}
	list := staff.Get(t, "/monitoring?release="+strconv.FormatInt(release, 10))
	if !strings.Contains(list.Body, title) || !strings.Contains(list.Body, `data-testid="scope"`) {
		t.Errorf("the list of the release's clippings")
	}
}

func TestAClippingKeepsItsFile(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	id := monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{Title: "Sižets par tramvaju"})
	card := "/monitoring/" + strconv.FormatInt(id, 10)
	refused := staff.PostMultipart(t, card+"/file", url.Values{"version": {"1"}},
		apptest.File{Field: "file", Name: "piezimes.txt", Content: []byte("tikai teksts")})
	if refused.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(refused.Body, "piezimes.txt") {
		t.Fatalf("a text file: %d", refused.StatusCode)
	}
	// An MP3 recording of a radio story: its first bytes are an ID3 tag.
	mp3 := append([]byte("ID3\x04\x00\x00\x00\x00\x00\x00"), make([]byte, 600)...)
	if res := staff.PostMultipart(t, card+"/file", url.Values{"version": {"1"}},
		apptest.File{Field: "file", Name: "radio-sizets.mp3", Content: mp3}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an MP3: %d", res.StatusCode)
	}
	page := staff.Get(t, card)
	if !strings.Contains(page.Body, "<audio") || !strings.Contains(page.Body, "radio-sizets.mp3") {
		t.Errorf("the card plays the recording")
	}
	got := srv.Client(t, "director").Get(t, card+"/file")
	if got.StatusCode != http.StatusOK || got.Header.Get("Content-Type") != "audio/mpeg" {
		t.Errorf("the director hears it: %d %s", got.StatusCode, got.Header.Get("Content-Type"))
	}
	if res := staff.PostForm(t, card+"/file/remove", url.Values{"version": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("removing: %d", res.StatusCode)
	}
	if res := staff.Get(t, card+"/file"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a removed file: %d", res.StatusCode)
	}
}

func TestAUnitsStaffFindWhatWasWrittenAboutTheirUnit(t *testing.T) {
	srv := apptest.New(t)
	unit := contactstest.Org(t, srv.Pool, fmt.Sprintf("Daugavpils pilsētas Sporta pārvalde %d", serial.Add(1)), contacts.MunicipalUnit)
	title := fmt.Sprintf("Stadionā atklāj jaunu skrejceliņu %d", serial.Add(1))
	monitoringtest.AddClipping(t, srv.Pool, monitoring.Clipping{Title: title, MentionIDs: []int64{unit}, Tone: monitoring.Negative})
	c := srv.Client(t, "unit")
	page := c.Get(t, "/monitoring/units")
	link := "/monitoring?mention=" + strconv.FormatInt(unit, 10)
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, link) {
		t.Fatalf("the units' page: %d", page.StatusCode)
	}
	if list := c.Get(t, link); !strings.Contains(list.Body, title) {
		t.Errorf("the unit's clippings")
	}
}

func TestSavedSearchesAreEachPersonsOwn(t *testing.T) {
	srv := apptest.New(t)
	director := srv.Client(t, "director")
	name := fmt.Sprintf("Negatīvās par transportu %d", serial.Add(1))
	empty := director.PostForm(t, "/monitoring/searches", url.Values{"query": {"tone=negative"}, "search_name": {""}})
	if empty.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(empty.Body, "Ievadiet meklēšanas nosaukumu") {
		t.Fatalf("no name: %d", empty.StatusCode)
	}
	// Only the list's own filters are kept.
	res := director.PostForm(t, "/monitoring/searches", url.Values{"query": {"tone=negative&q=tramvaj&evil=1"}, "search_name": {name}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving: %d", res.StatusCode)
	}
	list := director.Get(t, "/monitoring")
	if !strings.Contains(list.Body, name) || !strings.Contains(list.Body, "/monitoring?q=tramvaj&amp;tone=negative") {
		t.Errorf("the saved search is offered with the list's filters only")
	}
	if again := director.PostForm(t, "/monitoring/searches", url.Values{"query": {"tone=negative"}, "search_name": {name}}); again.StatusCode != http.StatusConflict {
		t.Errorf("the same name again: %d", again.StatusCode)
	}
	if strings.Contains(srv.Client(t, "staff").Get(t, "/monitoring").Body, name) {
		t.Errorf("another person sees it")
	}
}
