package awards

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/ical"
	"github.com/daugavpils/prdesk/internal/web"
)

type roundsView struct {
	Rounds []Round
	Types  []Type
	// First and Next are the pager's links: to the newest years, and to
	// the years before this page's ("" on the first and the last page).
	First, Next string
}

func (h *Handler) rounds(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	// A year that is no number, or none a round can have, is the first
	// page, as an address cut short.
	before := form.FromURL(r).Int("before", false, MinRoundYear+1, MaxRoundYear+1)
	rs, next, err := h.store.RoundsPage(ctx, before)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := roundsView{Rounds: rs}
	if before != 0 {
		v.First = "/awards"
	}
	if next != 0 {
		v.Next = "/awards?before=" + strconv.Itoa(next)
	}
	ts, err := h.store.Types(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v.Types = ts
	web.Render(w, r, http.StatusOK, roundsPage(v))
}

// roundForm is a round's form as typed.
type roundForm struct {
	TypeID, Year, CallText                   string
	OpensOn, ClosesOn, MeetingOn, DecisionOn string
	CeremonyOn, CeremonyPlace                string
	Version                                  int
	Idem                                     string
}

type roundFormView struct {
	ID     int64
	Form   roundForm
	Errors form.Errors
	Types  []Type
}

func dateValue(t *time.Time) string {
	if t == nil {
		return ""
	}
	return t.Format("02.01.2006.")
}

func (h *Handler) newRoundPage(w http.ResponseWriter, r *http.Request) {
	ts, err := h.store.Types(r.Context())
	if err != nil {
		web.Error(w, r, err)
		return
	}
	year := strconv.Itoa(calendar.DateOf(h.now()).Year())
	web.Render(w, r, http.StatusOK, roundFormPage(roundFormView{Types: ts, Form: roundForm{Year: year, Idem: web.FormKey(),
		TypeID: form.URLValues(r).Get("type")}}))
}

func (h *Handler) editRoundPage(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f := roundForm{TypeID: idStr(rd.TypeID), Year: strconv.Itoa(rd.Year), CallText: rd.CallText, OpensOn: dateValue(&rd.OpensOn),
		ClosesOn: dateValue(&rd.ClosesOn), MeetingOn: dateValue(rd.MeetingOn), DecisionOn: dateValue(rd.DecisionOn),
		CeremonyOn: dateValue(rd.CeremonyOn), CeremonyPlace: rd.CeremonyPlace, Version: rd.Version}
	web.Render(w, r, http.StatusOK, roundFormPage(roundFormView{ID: rd.ID, Form: f}))
}

func optDate(f *form.Values, name string) *time.Time {
	if d := f.Date(name, false); !d.IsZero() {
		return &d
	}
	return nil
}

// readRound checks the round's form; the rules between the dates are
// repeated from the database so each has its message beside its field.
func readRound(f *form.Values, withType bool) (roundForm, Round) {
	in := roundForm{
		TypeID:        strings.TrimSpace(f.Raw("type_id")),
		Year:          strings.TrimSpace(f.Raw("year")),
		CallText:      f.Text("call_text", false, 8000),
		OpensOn:       strings.TrimSpace(f.Raw("opens_on")),
		ClosesOn:      strings.TrimSpace(f.Raw("closes_on")),
		MeetingOn:     strings.TrimSpace(f.Raw("meeting_on")),
		DecisionOn:    strings.TrimSpace(f.Raw("decision_on")),
		CeremonyOn:    strings.TrimSpace(f.Raw("ceremony_on")),
		CeremonyPlace: f.Text("ceremony_place", false, 300),
		Version:       f.Version(),
		Idem:          strings.TrimSpace(f.Raw("idem")),
	}
	rd := Round{CallText: in.CallText, CeremonyPlace: in.CeremonyPlace, Version: in.Version}
	if withType {
		rd.TypeID = f.ID("type_id", true)
	}
	rd.Year = f.Int("year", true, MinRoundYear, MaxRoundYear)
	rd.OpensOn = f.Date("opens_on", true)
	rd.ClosesOn = f.Date("closes_on", true)
	rd.MeetingOn = optDate(f, "meeting_on")
	rd.DecisionOn = optDate(f, "decision_on")
	rd.CeremonyOn = optDate(f, "ceremony_on")
	for _, p := range rd.Check() {
		if f.Errors.Get(p[0]) == "" {
			f.Add(p[0], p[1])
		}
	}
	return in, rd
}

func (h *Handler) createRound(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.form")
	in, rd := readRound(f, true)
	o := web.Once{Key: in.Idem, ByKey: h.store.RoundByIdempotencyKey, URL: roundURL, Saved: "awards.form.round_saved",
		Already: "awards.already_saved"}
	if web.MadeBefore(w, r, h.sessions, o) {
		return
	}
	rd.IdempotencyKey = in.Idem
	status, done := web.CreateOnce(w, r, h.sessions, f, o, func() (int64, error) { return h.store.CreateRound(ctx, rd) })
	if done {
		return
	}
	ts, err := h.store.Types(ctx)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, status, roundFormPage(roundFormView{Form: in, Errors: f.Errors, Types: ts}))
}

func (h *Handler) updateRound(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	old, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f.Messages("awards.form")
	in, rd := readRound(f, false)
	rd.ID, rd.TypeID = old.ID, old.TypeID
	in.TypeID = idStr(old.TypeID)
	status, done := web.SaveEdit(w, r, h.sessions, f, roundURL(old.ID), "awards.form.round_saved", func() error { return h.store.UpdateRound(ctx, rd) })
	if done {
		return
	}
	web.Render(w, r, status, roundFormPage(roundFormView{ID: old.ID, Form: in, Errors: f.Errors}))
}

func (v roundFormView) action() string {
	if v.ID == 0 {
		return "/awards/rounds"
	}
	return roundURL(v.ID) + "/edit"
}

// advance moves the round one status on, from the status the page showed.
func (h *Handler) advance(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	f, err := form.Read(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	from := form.Enum(f, "from", true, Statuses)
	if f.Errors.Any() {
		web.Error(w, r, fmt.Errorf("awards: advance from %q: %w", f.Raw("from"), errInvalid))
		return
	}
	if err := h.store.Advance(ctx, rd.ID, from); err != nil {
		if fe, ok := errFieldKey(err); ok {
			web.RedirectWithFlash(w, r, h.sessions, roundURL(rd.ID), tr(ctx, fe))
			return
		}
		web.Error(w, r, err)
		return
	}
	web.RedirectWithFlash(w, r, h.sessions, roundURL(rd.ID), tr(ctx, "awards.card.advanced", tr(ctx, "awards.status."+string(from.Next()))))
}

// RoundCalendar is the iCalendar text of a round's dates: the call's
// opening and closing, the commission's meeting, the decision and the
// ceremony, each an all-day event.
func RoundCalendar(rd Round, now time.Time) string {
	var b strings.Builder
	line := func(s string) { ical.Fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Daugavpils valstspilsētas pašvaldība//PR Desk//LV")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + ical.Text(rd.Name()))
	line("X-WR-TIMEZONE:Europe/Riga")
	for _, e := range []struct {
		kind, what string
		on         *time.Time
	}{
		{"opens", "izvirzīšanas sākums", &rd.OpensOn}, {"closes", "izvirzīšanas beigas", &rd.ClosesOn},
		{"meeting", "komisijas sēde", rd.MeetingOn}, {"decision", "lēmums", rd.DecisionOn}, {"ceremony", "apbalvošanas ceremonija", rd.CeremonyOn},
	} {
		if e.on == nil || e.on.IsZero() {
			continue
		}
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:award-%d-%s@%s", rd.ID, e.kind, ical.Domain))
		line("DTSTAMP:" + ical.Time(now))
		line("DTSTART;VALUE=DATE:" + e.on.Format("20060102"))
		line("DTEND;VALUE=DATE:" + e.on.AddDate(0, 0, 1).Format("20060102"))
		line("SUMMARY:" + ical.Text(rd.Name()+": "+e.what))
		if e.kind == "ceremony" && rd.CeremonyPlace != "" {
			line("LOCATION:" + ical.Text(rd.CeremonyPlace))
		}
		line("TRANSP:TRANSPARENT")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.String()
}

func (h *Handler) ical(w http.ResponseWriter, r *http.Request) {
	rd, err := h.pathRound(r)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="apbalvojums-`+idStr(rd.ID)+`.ics"`)
	_, _ = w.Write([]byte(RoundCalendar(rd, h.now())))
}
