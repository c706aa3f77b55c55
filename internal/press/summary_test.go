package press_test

import (
	"context"
	"testing"
	"time"

	"github.com/daugavpils/prdesk/internal/contacts"
	"github.com/daugavpils/prdesk/internal/contacts/contactstest"
	"github.com/daugavpils/prdesk/internal/db/dbtest"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/press"
	"github.com/daugavpils/prdesk/internal/press/presstest"
)

// The director's figures count a month's work, and nothing of the month
// before or after it.
func TestSummaryCountsThePeriod(t *testing.T) {
	ctx := context.Background()
	pool := dbtest.Pool(t)
	s := presstest.NewSender(t, pool, "")
	// A month no other test writes in.
	from := time.Date(2077, 3, 1, 0, 0, 0, 0, i18n.Riga)
	to := from.AddDate(0, 1, 0)
	at := func(day, hour int) time.Time { return time.Date(2077, 3, day, hour, 0, 0, 0, i18n.Riga) }

	s.Clock.Set(at(2, 9))
	id, err := s.Create(ctx, input(unique(t, "Mēneša relīze")))
	if err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(at(31, 23).Add(59 * time.Minute))
	if _, err := s.Create(ctx, input(unique(t, "Mēneša pēdējā minūte"))); err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(to)
	if _, err := s.Create(ctx, input(unique(t, "Nākamā mēneša relīze"))); err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(at(3, 10))
	r, _ := s.Release(ctx, id)
	if err := s.Submit(ctx, id, r.Version); err != nil {
		t.Fatal(err)
	}
	if err := s.Approve(ctx, id, r.Version+1, r.CurrentVersion, ""); err != nil {
		t.Fatal(err)
	}
	r, _ = s.Release(ctx, id)
	people := []int64{contactstest.NewPerson(t, pool, "Anna", "Saņēmēja"), contactstest.NewPerson(t, pool, "Jānis", "Saņēmējs")}
	if _, err := s.Send(ctx, id, r.Version, nil, people, time.Time{}); err != nil {
		t.Fatal(err)
	}

	event := presstest.AddEvent(t, pool, press.Event{StartsAt: at(15, 10), EndsAt: at(15, 11), Status: press.EventHeld})
	for _, email := range []string{"a@example.lv", "b@example.lv"} {
		if _, err := s.Accredit(ctx, event, press.Accreditation{Name: "Žurnālists", Outlet: "LSM", Email: email}, false); err != nil {
			t.Fatal(err)
		}
	}
	presstest.AddEvent(t, pool, press.Event{StartsAt: at(20, 10), EndsAt: at(20, 11), Status: press.EventCancelled})

	due := at(20, 12)
	outlet := contactstest.Org(t, pool, unique(t, "LSM"), contacts.Media)
	s.Clock.Set(at(10, 9))
	for _, i := range []press.Interview{
		{Topic: "Notikusi", Format: press.ByPhone, Status: press.InterviewDone, OutletID: &outlet},
		{Topic: "Atteikta", Format: press.ByPhone, Status: press.InterviewDeclined, DeclineReason: "Komandējumā", OutletID: &outlet},
		{Topic: "Nokavēta", Format: press.ByPhone, Status: press.InterviewNew, DeadlineAt: &due, OutletID: &outlet},
	} {
		if _, err := s.CreateInterview(ctx, i); err != nil {
			t.Fatal(err)
		}
	}
	presstest.AddOfficialText(t, pool, press.OfficialInput{Kind: press.OfficialSpeech, NeededOn: time.Date(2077, 3, 1, 0, 0, 0, 0, time.UTC)})
	presstest.AddOfficialText(t, pool, press.OfficialInput{Kind: press.OfficialGreeting, NeededOn: time.Date(2077, 3, 31, 0, 0, 0, 0, time.UTC)})
	presstest.AddOfficialText(t, pool, press.OfficialInput{Kind: press.OfficialGreeting, NeededOn: time.Date(2077, 4, 1, 0, 0, 0, 0, time.UTC)})

	// An emergency of the month: one statement decided in time, one
	// rejected late, one still waiting at the month's end.
	head := presstest.As(t, pool, "head")
	s.Clock.Set(at(25, 8))
	ends := at(26, 8) // ended, so that the other tests' emergencies do not meet it
	emergency, err := s.DeclareEmergency(head, press.Emergency{Title: "Plūdi", Template: "Pašvaldība ir informēta.", TargetMinutes: 30, EndsAt: &ends})
	if err != nil {
		t.Fatal(err)
	}
	unit := presstest.As(t, pool, "unit")
	var statements []int64
	for range 3 {
		id, err := s.SubmitStatement(unit, press.Statement{EmergencyID: emergency, UnitName: "Komunālā pārvalde", Channel: "LSM",
			Body: "Ūdens atslēgts Cietokšņa ielā."})
		if err != nil {
			t.Fatal(err)
		}
		statements = append(statements, id)
	}
	s.Clock.Set(at(25, 8).Add(10 * time.Minute))
	st, _ := s.Statement(ctx, statements[0])
	if err := s.DecideStatement(head, statements[0], st.Version, press.StatementDecision{Approve: true, Text: st.Body}); err != nil {
		t.Fatal(err)
	}
	s.Clock.Set(at(25, 9))
	st, _ = s.Statement(ctx, statements[1])
	if err := s.DecideStatement(head, statements[1], st.Version, press.StatementDecision{Comment: "Nav precīzi"}); err != nil {
		t.Fatal(err)
	}

	got, err := s.Summary(ctx, from, to)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name      string
		got, want int
	}{
		{"releases written", got.ReleasesWritten, 2}, {"approved", got.ReleasesApproved, 1}, {"sent", got.ReleasesSent, 1},
		{"mails queued", got.MailsQueued, 2}, {"mails sent", got.MailsSent, 0},
		{"events held", got.EventsHeld, 1}, {"conferences", got.EventsByKind[press.Conference], 1}, {"accredited", got.Accredited, 2},
		{"interviews", got.InterviewsAsked, 3}, {"done", got.InterviewsDone, 1}, {"declined", got.InterviewsDeclined, 1},
		{"overdue", got.InterviewsOverdue, 1},
		{"official texts", got.OfficialTexts, 2}, {"greetings", got.OfficialTextsByKind[press.OfficialGreeting], 1},
		{"emergencies", got.Emergencies, 1}, {"statements", got.Statements, 3}, {"rejected", got.StatementsRejected, 1},
		{"late", got.StatementsLate, 2},
	} {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.name, c.got, c.want)
		}
	}
}
