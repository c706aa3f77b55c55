package press_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// sendNow sends release id (approved) at once to one journalist of its own.
func sendNow(t *testing.T, s presstest.Sender, id int64) {
	t.Helper()
	person := contactstest.NewPerson(t, s.DB, "Māra", "Liepiņa")
	if _, err := s.Send(context.Background(), id, version(t, s, id), nil, []int64{person}, time.Time{}); err != nil {
		t.Fatal(err)
	}
}

func TestTheNewsroomShowsOnlyWhatIsPublished(t *testing.T) {
	srv := apptest.New(t)
	s := presstest.NewSender(t, srv.Pool, "")
	anon := srv.Anonymous(t)
	n := serial.Add(1)
	word := fmt.Sprintf("Publicēts%d", n)

	published := approved(t, s, srv.Pool, word+` <script>alert(1)</script>`, nil)
	sendNow(t, s, published)
	// Approved but not sent; sent under an embargo not yet over; a Russian
	// translation still being translated.
	notSent := approved(t, s, srv.Pool, fmt.Sprintf("Nenosūtīts%d", n), nil)
	later := srv.Clock.Now().Add(48 * time.Hour)
	embargoed := approved(t, s, srv.Pool, fmt.Sprintf("Embargo%d", n), &later)
	sendNow(t, s, embargoed)
	draftRU := input(fmt.Sprintf("Tulkojums%d", n), press.Text{Lang: press.Russian, Status: press.TextDraft, Title: "Черновик", Body: "Текст."})
	translating := presstest.AddRelease(t, srv.Pool, draftRU)
	presstest.Approve(t, srv.Pool, translating)
	sendNow(t, s, translating)

	list := anon.Get(t, "/news")
	if list.StatusCode != http.StatusOK || !strings.Contains(list.Body, word) {
		t.Fatalf("/news: %d, lacks the published release", list.StatusCode)
	}
	for _, hidden := range []string{fmt.Sprintf("Nenosūtīts%d", n), fmt.Sprintf("Embargo%d", n), "<script>alert(1)</script>"} {
		if strings.Contains(list.Body, hidden) {
			t.Errorf("/news shows %q", hidden)
		}
	}
	if !strings.Contains(list.Body, "&lt;script&gt;") {
		t.Error("the title's script is not shown as text")
	}
	page := anon.Get(t, fmt.Sprintf("/news/%d", published))
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "Relīzes teksts") || !strings.Contains(page.Body, "Русский") {
		t.Fatalf("a published release: %d\n%s", page.StatusCode, page.Body)
	}
	if ru := anon.Get(t, fmt.Sprintf("/news/%d?lang=ru", published)); ru.StatusCode != http.StatusOK || !strings.Contains(ru.Body, "Текст.") {
		t.Fatalf("its Russian text: %d", ru.StatusCode)
	}
	for _, path := range []string{fmt.Sprintf("/news/%d", notSent), fmt.Sprintf("/news/%d", embargoed),
		fmt.Sprintf("/news/%d?lang=ru", translating), fmt.Sprintf("/news/%d?lang=de", published)} {
		if res := anon.Get(t, path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}
	// The contact person and the department's workings are not public.
	if strings.Contains(page.Body, "Kontaktpersona") || strings.Contains(page.Body, "Versija") {
		t.Error("the public page shows the release's workings")
	}
	feed := anon.Get(t, "/news/feed.atom")
	if feed.StatusCode != http.StatusOK || !strings.HasPrefix(feed.Header.Get("Content-Type"), "application/atom+xml") ||
		!strings.Contains(feed.Body, word) || strings.Contains(feed.Body, fmt.Sprintf("Embargo%d", n)) ||
		strings.Contains(feed.Body, "<script>") {
		t.Fatalf("feed: %d %s\n%s", feed.StatusCode, feed.Header.Get("Content-Type"), feed.Body)
	}
	// Once the embargo is over, the release is public.
	srv.Clock.Set(t, later.Add(time.Minute))
	if res := srv.Anonymous(t).Get(t, fmt.Sprintf("/news/%d", embargoed)); res.StatusCode != http.StatusOK {
		t.Errorf("after its embargo: %d", res.StatusCode)
	}
}

func TestTheNewsroomHoldsBackACrawler(t *testing.T) {
	srv := apptest.New(t)
	anon := srv.Anonymous(t)
	refused := 0
	for range 200 {
		res := anon.Get(t, "/news/feed.atom")
		if res.StatusCode == http.StatusTooManyRequests {
			if res.Header.Get("Retry-After") == "" {
				t.Fatal("refused without saying when to come back")
			}
			refused++
			break
		}
	}
	if refused == 0 {
		t.Fatal("200 requests in a minute, none refused")
	}
	srv.Clock.Set(t, srv.Clock.Now().Add(2*time.Minute))
	if res := anon.Get(t, "/news"); res.StatusCode != http.StatusOK {
		t.Fatalf("a minute later: %d", res.StatusCode)
	}
}
