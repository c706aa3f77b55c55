package press_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/apptest"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/jobs"
	"github.com/daugavpils/prdesk/internal/mail"
	"github.com/daugavpils/prdesk/internal/mail/mailtest"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// An event's invitation goes once to each journalist of the lists and
// those picked, not to the opted-out one, names the speakers and links the
// accreditation form; the event is then announced, and an invitation to a
// cancelled event, or from a page drawn before a change, goes nowhere.
func TestAnInvitationReachesEachJournalistOnce(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	srv := mailtest.Start(t, mailtest.Options{})
	s := presstest.NewSender(t, pool, srv.URL())
	a := newAudience(t, pool)
	speaker := contactstest.NewPerson(t, pool, "Andrejs", "Elksniņš")
	title := unique(t, "Vienības tilta atklāšana")
	id := presstest.AddEvent(t, pool, press.Event{Title: title, Speakers: []int64{speaker}, AccreditationOpen: true,
		StartsAt: s.Clock.Now().AddDate(0, 0, 3), EndsAt: s.Clock.Now().AddDate(0, 0, 3).Add(time.Hour)})
	e, err := s.Event(ctx, id)
	if err != nil {
		t.Fatal(err)
	}

	set, err := s.InvitePreview(ctx, id, a.lists, []int64{a.picked})
	if err != nil || set.Reach.Reachable != 3 || set.Reach.Left["opted_out"] != 1 || set.Reach.Repeated != 1 {
		t.Fatalf("preview: %+v %v", set.Reach, err)
	}
	if _, err := s.Invite(ctx, id, e.Version-1, a.lists, nil, "https://prdesk.example/accreditation/x"); !errors.Is(err, errs.Conflict) {
		t.Fatalf("a stale page invites: %v", err)
	}
	link := "https://prdesk.example/accreditation/" + e.AccreditationToken
	res, err := s.Invite(ctx, id, e.Version, a.lists, []int64{a.picked}, link)
	if err != nil || res.Mails != 3 || res.LeftOut != 1 {
		t.Fatalf("invite: %+v %v", res, err)
	}
	wctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	if err := jobs.WorkDue(wctx, s.Jobs, mail.Queue); err != nil {
		t.Fatal(err)
	}
	if len(srv.To(a.out)) != 0 || len(srv.To(a.lv)) != 1 || len(srv.To(a.ru)) != 1 || len(srv.To(a.one)) != 1 {
		t.Fatalf("mails: out %d, lv %d, ru %d, picked %d", len(srv.To(a.out)), len(srv.To(a.lv)), len(srv.To(a.ru)), len(srv.To(a.one)))
	}
	m := srv.To(a.one)[0]
	for _, want := range []string{"Labdien, Līga Kalniņa", title, "Andrejs Elksniņš", link, "Laiks: "} {
		if !strings.Contains(m.Body, want) {
			t.Errorf("the invitation lacks %q:\n%s", want, m.Body)
		}
	}
	if !strings.HasPrefix(m.Subject, "Ielūgums: "+title) {
		t.Errorf("subject %q", m.Subject)
	}
	after, _ := s.Event(ctx, id)
	if after.Status != press.EventAnnounced {
		t.Errorf("after inviting the event is %s", after.Status)
	}
	invs, err := s.Invitations(ctx, id)
	if err != nil || len(invs) != 1 || invs[0].Recipients != 3 || invs[0].Counts[press.Done] != 3 || invs[0].LeftOut != 1 {
		t.Fatalf("invitations: %+v %v", invs, err)
	}

	after.Status = press.EventCancelled
	if err := s.UpdateEvent(ctx, after); err != nil {
		t.Fatal(err)
	}
	cancelled, _ := s.Event(ctx, id)
	if _, err := s.Invite(ctx, id, cancelled.Version, a.lists, nil, link); !errors.Is(err, errs.Conflict) {
		t.Errorf("a cancelled event's invitation: %v", err)
	}
}

// The invitation's form over HTTP: nothing chosen is refused beside the
// lists; a list ticked shows whom it reaches before anything goes; sent,
// the card lists it and the event is announced.
func TestTheInvitationFormPreviewsThenSends(t *testing.T) {
	srv := apptest.New(t)
	staff := srv.Client(t, "staff")
	a := newAudience(t, srv.Pool)
	id := presstest.AddEvent(t, srv.Pool, press.Event{AccreditationOpen: true})
	path := "/press/events/" + strconv.FormatInt(id, 10)
	page := staff.Get(t, path+"/invite")
	if page.StatusCode != http.StatusOK || !strings.Contains(page.Body, "/accreditation/") {
		t.Fatalf("the form: %d", page.StatusCode)
	}
	e, _ := presstest.Store(srv.Pool).Event(context.Background(), id)
	form := url.Values{"version": {strconv.Itoa(e.Version)}}
	for i := 1; i <= press.MaxPeople; i++ {
		form.Set(fmt.Sprintf("person_%d", i), "")
		form.Set(fmt.Sprintf("person_%d_q", i), "")
	}
	if res := staff.PostForm(t, path+"/invite/preview", form); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(res.Body, "Izvēlieties adresātu sarakstu vai žurnālistu") {
		t.Fatalf("nothing chosen: %d", res.StatusCode)
	}
	form.Set("lists", strconv.FormatInt(a.lists[0], 10))
	preview := staff.PostForm(t, path+"/invite/preview", form)
	if preview.StatusCode != http.StatusOK || !strings.Contains(preview.Body, `data-testid="preview"`) ||
		!strings.Contains(preview.Body, "Sūtīt ielūgumu (2)") {
		t.Fatalf("preview: %d\n%s", preview.StatusCode, preview.Body)
	}
	if res := staff.PostForm(t, path+"/invite", form); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != path {
		t.Fatalf("send: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	card := staff.Get(t, path)
	if !strings.Contains(card.Body, "adresātu skaits 2, izlaisti 1") || !strings.Contains(card.Body, "Izziņots") {
		t.Errorf("the card after inviting:\n%s", card.Body)
	}
	// The page drawn before the invitation is stale now.
	if res := staff.PostForm(t, path+"/invite", form); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a second send from the old page: %d", res.StatusCode)
	}
	if invs, _ := presstest.Store(srv.Pool).Invitations(context.Background(), id); len(invs) != 1 {
		t.Errorf("%d invitations after sending twice from one page", len(invs))
	}
	if res := srv.Client(t, "director").Get(t, path+"/invite"); res.StatusCode != http.StatusForbidden {
		t.Errorf("the director opens the invitation form: %d", res.StatusCode)
	}
}
