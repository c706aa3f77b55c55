package visitors

import (
	"bufio"
	"context"
	"encoding/csv"
	"net/http"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
)

// The published month and the frequency view hold no personal data: anyone
// with the area may read them.
func (h *Handler) routesPublish(m *auth.Mux) {
	m.Get("/visitors/hours/print", auth.AreaVisitors, h.printHours)
	m.Get("/visitors/hours.csv", auth.AreaVisitors, h.hoursCSV)
	m.Get("/visitors/frequency", auth.AreaVisitors, h.frequencyPage)
}

// monthOf reads ?month=YYYY-MM; without one it is the coming month, the
// one the municipality publishes next.
func monthOf(r *http.Request, now time.Time) (time.Time, string, bool) {
	s := r.URL.Query().Get("month")
	if s == "" {
		t := now.In(i18n.Riga)
		m := time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC)
		return m, m.Format("2006-01"), true
	}
	m, err := time.Parse("2006-01", s)
	if err != nil || m.Year() < 2000 || m.Year() > 2100 {
		return time.Time{}, s, false
	}
	return m, s, true
}

// OfficialHours are one official's sessions of a month.
type OfficialHours struct {
	Official Official
	Sessions []Session
}

// MonthHours lists every active official with their sessions in the month
// that begins on month (a first day, UTC), holidays and cancelled dates left out.
func (s *Store) MonthHours(ctx context.Context, month time.Time) ([]OfficialHours, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	officials, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	sch, err := s.Schedule(ctx, 0, month)
	if err != nil {
		return nil, err
	}
	sessions := sch.Sessions(cal, month, month.AddDate(0, 1, -1))
	out := make([]OfficialHours, len(officials))
	for i, o := range officials {
		out[i].Official = o
		for _, ses := range sessions {
			if ses.OfficialID == o.ID {
				out[i].Sessions = append(out[i].Sessions, ses)
			}
		}
	}
	return out, nil
}

type printView struct {
	Month     time.Time
	MonthText string
	Officials []OfficialHours
	Errors    form.Errors
}

func (h *Handler) printHours(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	month, text, ok := monthOf(r, time.Now())
	v := printView{Month: month, MonthText: text}
	if !ok {
		v.Errors.Add("month", i18n.T(ctx, "visitors.hours.err_month"))
		web.Render(w, r, http.StatusUnprocessableEntity, printPage(v))
		return
	}
	var err error
	if v.Officials, err = h.store.MonthHours(ctx, month); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, printPage(v))
}

// monthName is "2026. gada decembris" in Latvian.
func monthName(ctx context.Context, m time.Time) string {
	return i18n.T(ctx, "visitors.hours.month_"+m.Format("01"), m.Year())
}

func (h *Handler) hoursCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	month, _, ok := monthOf(r, time.Now())
	if !ok {
		web.Error(w, r, errs.Invalid)
		return
	}
	hours, err := h.store.MonthHours(ctx, month)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="pienemsanas-laiki-`+month.Format("2006-01")+`.csv"`)
	out := bufio.NewWriter(w)
	// The byte order mark makes Excel read the file as UTF-8, and a Latvian
	// Excel, whose decimal mark is the comma, splits fields on ";".
	out.WriteString("\ufeff") //nolint:errcheck // the writer keeps the first error
	cw := csv.NewWriter(out)
	cw.Comma = ';'
	cw.UseCRLF = true
	cw.Write([]string{ //nolint:errcheck
		i18n.T(ctx, "visitors.hours.col_official"), i18n.T(ctx, "visitors.hours.col_position"), i18n.T(ctx, "visitors.hours.col_date"),
		i18n.T(ctx, "visitors.hours.col_weekday"), i18n.T(ctx, "visitors.hours.col_from"), i18n.T(ctx, "visitors.hours.col_to"),
		i18n.T(ctx, "visitors.hours.col_room"),
	})
	for _, oh := range hours {
		for _, s := range oh.Sessions {
			cw.Write([]string{oh.Official.Name, oh.Official.Position, i18n.Date(s.Start), i18n.Weekday(ctx, s.Start), //nolint:errcheck
				hhmm(s.Start), hhmm(s.End), s.Room})
		}
	}
	cw.Flush()
	out.Flush() //nolint:errcheck // a client gone mid-download is nothing to report
}

// Standing is how a deputy stands against their target frequency.
type Standing string

const (
	OnTrack Standing = "on_track" // the next session comes before the target runs out
	AtRisk  Standing = "at_risk"  // within the target now, but no session is planned in time
	Behind  Standing = "behind"   // the target has run out since the last session
)

// Tone is the colour a standing is shown in, beside its words.
func (s Standing) Tone() string {
	switch s {
	case OnTrack:
		return "ok"
	case AtRisk:
		return "warn"
	}
	return "bad"
}

// Frequency says how a deputy who must receive at least once every
// targetWeeks weeks stands on date today, given the date of their last
// session and of their next (nil: none). The deadline is the last date by
// which the next session must be held: the last session plus the target.
// A deputy who has never received is behind.
func Frequency(targetWeeks int, last, next *time.Time, today time.Time) (Standing, time.Time) {
	today = calendar.DateOf(today)
	if last == nil {
		return Behind, time.Time{}
	}
	deadline := calendar.DateOf(*last).AddDate(0, 0, 7*targetWeeks)
	switch {
	case today.After(deadline):
		return Behind, deadline
	case next == nil || calendar.DateOf(*next).After(deadline):
		return AtRisk, deadline
	}
	return OnTrack, deadline
}

// FrequencyLookback is how far back and ahead the frequency view looks for
// sessions: a target is at most 52 weeks.
const FrequencyLookback = 53 * 7 * 24 * time.Hour

// DeputyStanding is one deputy's line of the frequency view.
type DeputyStanding struct {
	Official   Official
	Last, Next *Session
	Standing   Standing
	Deadline   time.Time
}

// Frequencies lists every active deputy with their last and next session
// as of now and, where they have a target, how they stand against it.
func (s *Store) Frequencies(ctx context.Context, now time.Time) ([]DeputyStanding, error) {
	cal, err := s.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	officials, err := s.Officials(ctx)
	if err != nil {
		return nil, err
	}
	from := now.Add(-FrequencyLookback)
	sch, err := s.Schedule(ctx, 0, from)
	if err != nil {
		return nil, err
	}
	sessions := sch.Sessions(cal, from, now.Add(FrequencyLookback))
	var out []DeputyStanding
	for _, o := range officials {
		if o.Kind != Deputy {
			continue
		}
		d := DeputyStanding{Official: o}
		for i := range sessions {
			ses := &sessions[i]
			if ses.OfficialID != o.ID {
				continue
			}
			if ses.Start.Before(now) {
				d.Last = ses
			} else if d.Next == nil {
				d.Next = ses
			}
		}
		if o.TargetWeeks != nil {
			var last, next *time.Time
			if d.Last != nil {
				last = &d.Last.Day
			}
			if d.Next != nil {
				next = &d.Next.Day
			}
			d.Standing, d.Deadline = Frequency(*o.TargetWeeks, last, next, calendar.DateOf(now.In(i18n.Riga)))
		}
		out = append(out, d)
	}
	return out, nil
}

func (h *Handler) frequencyPage(w http.ResponseWriter, r *http.Request) {
	list, err := h.store.Frequencies(r.Context(), time.Now())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, frequencyPage(list))
}
