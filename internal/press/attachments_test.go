package press_test

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// Photos and documents go with a release while it can be edited, are
// opened from its card, and reach the public only with the published
// release.
func TestReleaseAttachments(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	anon := srv.Anonymous(t)
	id := presstest.AddRelease(t, srv.Pool, input(unique(t, "Relīze ar foto")))
	card := "/press/" + strconv.FormatInt(id, 10)
	n := serial.Add(1)
	photo := fmt.Sprintf("tilts-%d.png", n)

	// A file of a kind not allowed: named beside the field, and nothing kept.
	res := staff.PostMultipart(t, card+"/files", nil,
		apptest.File{Field: "files", Name: photo, Content: presstest.PNG},
		apptest.File{Field: "files", Name: "piezimes.txt", Content: []byte("teksts")})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(res.Body, "Fails piezimes.txt:") {
		t.Fatalf("a text file: %d\n%s", res.StatusCode, res.Body)
	}
	if as, _ := presstest.Store(srv.Pool).Attachments(t.Context(), id); len(as) != 0 {
		t.Fatalf("%d files kept from a refused upload", len(as))
	}
	if res := staff.PostMultipart(t, card+"/files", nil); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Izvēlieties vismaz vienu failu") {
		t.Fatalf("nothing chosen: %d", res.StatusCode)
	}
	if res := staff.PostMultipart(t, card+"/files", nil, apptest.File{Field: "files", Name: photo, Content: presstest.PNG}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach: %d\n%s", res.StatusCode, res.Body)
	}
	page := staff.Get(t, card)
	link := regexp.MustCompile(`href="(` + card + `/files/(\d+))"`).FindStringSubmatch(page.Body)
	if link == nil || !strings.Contains(page.Body, photo) {
		t.Fatalf("the card lacks the photo:\n%s", page.Body)
	}
	if f := staff.Get(t, link[1]); f.StatusCode != http.StatusOK || f.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("open: %d %s", f.StatusCode, f.Header.Get("Content-Type"))
	}
	public := "/news/" + strconv.FormatInt(id, 10) + "/files/" + link[2]
	if f := anon.Get(t, public); f.StatusCode != http.StatusNotFound {
		t.Fatalf("the unpublished release's photo to the public: %d", f.StatusCode)
	}
	// Another release's path to the file: not found.
	other := presstest.AddRelease(t, srv.Pool, input(unique(t, "Cita relīze")))
	if f := staff.Get(t, "/press/"+strconv.FormatInt(other, 10)+"/files/"+link[2]); f.StatusCode != http.StatusNotFound {
		t.Fatalf("through another release: %d", f.StatusCode)
	}

	// A second photo, removed again from a card drawn before: refused; from
	// the card as it is: gone.
	staff.PostMultipart(t, card+"/files", nil, apptest.File{Field: "files", Name: "otrs.png", Content: presstest.PNG})
	as, _ := presstest.Store(srv.Pool).Attachments(t.Context(), id)
	second := card + "/files/" + strconv.FormatInt(as[1].ID, 10)
	r, _ := presstest.Store(srv.Pool).Release(t.Context(), id)
	staff.PostForm(t, second+"/remove", url.Values{"version": {strconv.Itoa(r.Version - 1)}})
	if as, _ := presstest.Store(srv.Pool).Attachments(t.Context(), id); len(as) != 2 {
		t.Fatal("removed from a stale card")
	}
	staff.PostForm(t, second+"/remove", url.Values{"version": {strconv.Itoa(r.Version)}})
	if as, _ := presstest.Store(srv.Pool).Attachments(t.Context(), id); len(as) != 1 {
		t.Fatal("not removed")
	}

	// Published: the newsroom offers it; the release's files are now fixed.
	presstest.Approve(t, srv.Pool, id)
	presstest.SendNow(t, srv.Pool, id)
	if news := anon.Get(t, "/news/"+strconv.FormatInt(id, 10)); !strings.Contains(news.Body, public) {
		t.Fatalf("the newsroom lacks the photo:\n%s", news.Body)
	}
	if f := anon.Get(t, public); f.StatusCode != http.StatusOK {
		t.Fatalf("the published photo: %d", f.StatusCode)
	}
	r, _ = presstest.Store(srv.Pool).Release(t.Context(), id)
	if res := staff.PostForm(t, link[1]+"/remove", url.Values{"version": {strconv.Itoa(r.Version)}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove after sending: %d", res.StatusCode)
	}
	if as, _ := presstest.Store(srv.Pool).Attachments(t.Context(), id); len(as) != 1 {
		t.Fatal("a sent release's photo was removed")
	}
	if err := presstest.Store(srv.Pool).Detach(t.Context(), id, r.Version, 0); refusal(err) != "files: press.files.locked" {
		t.Fatalf("detach from a sent release: %s", refusal(err))
	}
}
