package petitions

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strconv"
	"time"

	"github.com/daugavpils/prdesk/internal/auth"
	"github.com/daugavpils/prdesk/internal/calendar"
	"github.com/daugavpils/prdesk/internal/errs"
	"github.com/daugavpils/prdesk/internal/files"
	"github.com/daugavpils/prdesk/internal/form"
	"github.com/daugavpils/prdesk/internal/i18n"
	"github.com/daugavpils/prdesk/internal/web"
	"github.com/daugavpils/prdesk/templates/components"
)

// Shown is the status the card shows: for e-mail, what the outbox says.
func (n cardNotice) Shown() string {
	if n.OutboxStatus != nil {
		switch *n.OutboxStatus {
		case "sent", "failed":
			return *n.OutboxStatus
		}
		return "queued"
	}
	return n.Status
}

// Tone colours the status beside its words.
func (n cardNotice) Tone() string {
	switch n.Shown() {
	case "sent", "handed_over":
		return "ok"
	case "failed":
		return "bad"
	}
	return "warn"
}

// cardView is everything the card page draws.
type cardView struct {
	cardData
	Deadline *Deadline
	DaysLeft int
	Urgency  Urgency
	// ForwardDaysLeft and ForwardUrgency: how the forwarding term stands,
	// while it runs (ForwardDue).
	ForwardDaysLeft int
	ForwardUrgency  Urgency
	Actions         []Action
	// ResolveFirst: the resolution is the viewer's to write (they are its
	// addressee), so its form comes first on the card, open.
	ResolveFirst bool
	// PastResolutions are the texts the viewer wrote before, offered
	// to be used again (loadPastResolutions).
	PastResolutions []string
	Today           time.Time
	Now             time.Time
	Print           bool
	MayNotice       bool // may mark printed notices as handed over

	// Similar is an earlier submission of the same person on a similar
	// subject, named right after registering (?similar=).
	Similar *Similar

	// Set when an action's form comes back: which one, what was typed, what is wrong.
	Open    Action
	In      actionInput
	Errors  form.Errors
	Problem string // a refusal or conflict, shown at the top
}

// AcknowledgementToPrint tells whether the person's acknowledgement waits
// to be printed and sent by post, in person or to their e-address.
func (v cardView) AcknowledgementToPrint() bool {
	for _, n := range v.Notices {
		if n.Kind == "acknowledgement" && n.Status == "to_print" {
			return true
		}
	}
	return false
}

// AcknowledgementPrintable tells whether there is a person to print the
// acknowledgement to, whatever the way they want the answer: it carries the
// check code that /status asks for.
func (v cardView) AcknowledgementPrintable() bool {
	return !v.P.Anonymous && v.P.PersonName != "" && v.X.PersonalDataRemovedAt == nil
}

func (v cardView) ReplyChannel() string {
	if v.P.ReplyChannel == nil {
		return ""
	}
	return *v.P.ReplyChannel
}

func petitionPath(id int64) string { return "/petitions/" + strconv.FormatInt(id, 10) }

// newCardView is the card of d as it stands at now.
func newCardView(d cardData, now time.Time) cardView {
	v := cardView{cardData: d, Today: calendar.DateOf(now), Now: now}
	var dl Deadline
	if len(d.X.DueExplanation) > 0 && json.Unmarshal(d.X.DueExplanation, &dl) == nil && !dl.Due.IsZero() {
		v.Deadline = &dl
	}
	if d.Calendar != nil {
		v.DaysLeft = DaysLeft(d.Calendar, v.Today, d.P.DueDate)
		v.Urgency = UrgencyOf(v.DaysLeft)
		if d.ForwardDue != nil {
			v.ForwardDaysLeft = DaysLeft(d.Calendar, v.Today, *d.ForwardDue)
			v.ForwardUrgency = UrgencyOf(v.ForwardDaysLeft)
		}
	}
	v.Actions = Actions(d.P.State, d.Actor)
	v.ResolveFirst = slices.Contains(v.Actions, ActResolve) && d.Actor.IsAddressee
	u := d.Actor.User
	v.MayNotice = u != nil && (u.Has(auth.RoleStaff) || u.Has(auth.RoleHead))
	v.In = defaultInput(v)
	return v
}

func (h *Handler) card(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := h.store.OpenCard(r.Context(), id, false)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := newCardView(d, h.deps.Now())
	if err := h.loadPastResolutions(r.Context(), &v); err != nil {
		web.Error(w, r, err)
		return
	}
	if v.Similar, err = h.similarNotice(r, id); err != nil {
		web.Error(w, r, err)
		return
	}
	web.Render(w, r, http.StatusOK, cardPage(v))
}

func (h *Handler) printCard(w http.ResponseWriter, r *http.Request) {
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	d, err := h.store.OpenCard(r.Context(), id, true)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	v := newCardView(d, h.deps.Now())
	v.Print = true
	web.Render(w, r, http.StatusOK, printPage(v))
}

// resolutionHint is the resolution field's hint: with earlier texts
// offered, that a text typed is the one taken.
func resolutionHint(ctx context.Context, v cardView) string {
	if len(v.PastResolutions) > 0 {
		return i18n.T(ctx, "petitions.card.resolution_hint") + ". " + i18n.T(ctx, "petitions.resolve.typed_wins")
	}
	return i18n.T(ctx, "petitions.card.resolution_hint")
}

// LaterActions are the steps the card offers at its end: all of them but
// the resolution when that comes first.
func (v cardView) LaterActions() []Action {
	if !v.ResolveFirst {
		return v.Actions
	}
	var out []Action
	for _, a := range v.Actions {
		if a != ActResolve {
			out = append(out, a)
		}
	}
	return out
}

// pastResolutionsShown is how many of the viewer's earlier resolution
// texts the form offers.
const pastResolutionsShown = 6

// loadPastResolutions reads the texts the viewer wrote before, when the
// card offers them the resolution.
func (h *Handler) loadPastResolutions(ctx context.Context, v *cardView) error {
	if !slices.Contains(v.Actions, ActResolve) || v.Actor.User == nil {
		return nil
	}
	var err error
	v.PastResolutions, err = h.store.RecentResolutions(ctx, v.Actor.User.ID, pastResolutionsShown)
	return err
}

// similarNotice is the warning the card shows after registering when the
// same person sent a similar submission within 30 days (?similar=<id>).
// It names the other submission only to someone who may read it.
func (h *Handler) similarNotice(r *http.Request, current int64) (*Similar, error) {
	s := form.URLValues(r).Get("similar")
	if s == "" {
		return nil, nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil || id == current {
		return nil, nil
	}
	p, _, err := h.store.Readable(r.Context(), id)
	if errors.Is(err, errs.Forbidden) || errors.Is(err, errs.NotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &Similar{ID: p.ID, RegNumber: p.RegNumber, Subject: p.Subject}, nil
}

// file serves a scan or the answer's file, only of this submission and only to whoever may read it.
func (h *Handler) file(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id, err := web.PathID(r, "id")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	fileID, err := web.PathID(r, "fileID")
	if err != nil {
		web.Error(w, r, err)
		return
	}
	if err := h.store.OpenFile(ctx, id, fileID); err != nil {
		web.Error(w, r, err)
		return
	}
	f, rc, err := h.deps.Files.Open(ctx, fileID)
	if err != nil {
		web.Error(w, r, err)
		return
	}
	defer rc.Close()
	files.Serve(w, r, f, rc, form.URLValues(r).Get("download") != "1")
}

func fileURL(petitionID, fileID int64, download bool) string {
	s := petitionPath(petitionID) + "/files/" + strconv.FormatInt(fileID, 10)
	if download {
		s += "?download=1"
	}
	return s
}

// eventWhat names a line of the timeline in words.
func eventWhat(ctx context.Context, e Event) string {
	if i18n.Has(ctx, "petitions.card.event."+e.Kind) {
		return i18n.T(ctx, "petitions.card.event."+e.Kind)
	}
	if _, ok := transitions[Action(e.Kind)]; ok {
		return ActionName(ctx, Action(e.Kind))
	}
	return e.Kind
}

// eventExtra is what a notice line adds: which notice, by which channel;
// and what a forwarding line adds: whether it kept the forwarding term.
func eventExtra(ctx context.Context, e Event) string {
	if e.Kind == string(ActForward) {
		var f struct {
			Due    string `json:"forward_due_date"`
			OnTime *bool  `json:"on_time"`
		}
		if json.Unmarshal(e.Details, &f) != nil || f.OnTime == nil {
			return ""
		}
		due, _ := time.Parse(time.DateOnly, f.Due)
		if *f.OnTime {
			return i18n.T(ctx, "petitions.card.forward_event_on_time", i18n.Date(due))
		}
		return i18n.T(ctx, "petitions.card.forward_event_late", i18n.Date(due))
	}
	if e.Kind != "notice" && e.Kind != "notice_sent" {
		return ""
	}
	var d struct {
		Kind    string `json:"kind"`
		Channel string `json:"channel"`
	}
	if json.Unmarshal(e.Details, &d) != nil || d.Kind == "" {
		return ""
	}
	return noticeKindName(ctx, d.Kind) + " — " + ReplyName(ctx, d.Channel)
}

func noticeKindName(ctx context.Context, kind string) string {
	return i18n.T(ctx, "petitions.card.notice_kind."+kind)
}

func noticeStatusName(ctx context.Context, status string) string {
	return i18n.T(ctx, "petitions.card.notice_status."+status)
}

func stateName(ctx context.Context, s *string) string {
	if s == nil || *s == "" {
		return ""
	}
	return StateName(ctx, State(*s))
}

// urgencyTone colours the days left.
func urgencyTone(u Urgency) string {
	switch u {
	case UrgencyOverdue:
		return "bad"
	case UrgencySoon:
		return "warn"
	}
	return "ok"
}

// daysLeftText says how many working days are left, or how late it is, in words.
func daysLeftText(ctx context.Context, n int) string {
	switch {
	case n < 0:
		return i18n.N(ctx, "petitions.card.overdue_by", int64(-n))
	case n == 0:
		return i18n.T(ctx, "petitions.card.due_today")
	}
	return i18n.N(ctx, "petitions.days_left", int64(n))
}

// ruleText names a deadline rule and its legal basis in the language of ctx.
func ruleText(ctx context.Context, r Rule) string {
	basis := r.BasisLV
	if i18n.Locale(ctx) == "en" && r.BasisEN != "" {
		basis = r.BasisEN
	}
	return basis
}

// ruleTerm is a rule's term in words: "10 darbdienas", "1 mēnesis".
func ruleTerm(ctx context.Context, r Rule) string {
	if r.Unit == Months {
		return i18n.N(ctx, "petitions.card.term_months", int64(r.Amount))
	}
	return i18n.N(ctx, "petitions.card.term_working_days", int64(r.Amount))
}

// howComputed is the card's "how it was computed", shaped for the screen.
type howComputed struct {
	Months  bool
	Nominal time.Time // months: where the term ends by the calendar
	Moved   bool      // months: the end was a day off, and moved
	Due     time.Time
	// EndSkipped are, for a month term, the days off the end stepped over.
	EndSkipped []string
	// Weekends and Named are, for a working-day term, the days not
	// counted: how many Saturdays and Sundays, and each holiday or moved day
	// off by date (a holiday on a Sunday once, as the holiday).
	Weekends int
	Named    []string
	// Worked are the Saturdays (or Sundays) within the term the Cabinet
	// made working days.
	Worked []string
}

// howOf reads d for the card. A month term counts every day, so it lists
// only what moved its end; a working-day term lists every day it skipped.
func howOf(ctx context.Context, d *Deadline) howComputed {
	h := howComputed{Months: d.Rule.Unit == Months, Nominal: d.Nominal, Moved: d.Moved, Due: d.Due}
	if d.Held {
		h.Due = d.Computed
	}
	for _, day := range d.ShownSkipped() {
		switch {
		case h.Months:
			h.EndSkipped = append(h.EndSkipped, dayLine(ctx, day))
		case day.Kind == calendar.Weekend:
			h.Weekends++
		default:
			h.Named = append(h.Named, dayLine(ctx, day))
		}
	}
	for _, day := range d.Worked {
		h.Worked = append(h.Worked, dayLine(ctx, day))
	}
	return h
}

// dayLine is one day of the explanation: its date, its weekday and, for an
// entry of the calendar, its name ("05.04.2026., svētdiena — Lieldienas").
func dayLine(ctx context.Context, d calendar.Day) string {
	s := i18n.Date(d.Date) + ", " + i18n.Weekday(ctx, d.Date)
	if d.Kind == calendar.Weekend {
		return s
	}
	name := d.Name(i18n.Locale(ctx))
	if name == "" {
		name = i18n.T(ctx, "petitions.card.day_off")
	}
	return s + " — " + name
}

func executorOptions(staff []Person, chosen []string) []components.Option {
	out := make([]components.Option, len(staff))
	for i, s := range staff {
		id := strconv.FormatInt(s.ID, 10)
		out[i] = components.Option{Value: id, Label: s.FullName, Selected: slices.Contains(chosen, id)}
	}
	return out
}

func yesNo(ctx context.Context, b bool) string {
	if b {
		return i18n.T(ctx, "petitions.card.yes")
	}
	return i18n.T(ctx, "petitions.card.no")
}

func actionURL(id int64, a Action) string { return petitionPath(id) + "/" + string(a) }

// openValue is what was typed into a field shared by name across forms, only in the form that came back.
func openValue(v cardView, a Action, s string) string {
	if v.Open != a {
		return ""
	}
	return s
}

func derefString(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// resolutionByline is who wrote the resolution, and when.
func resolutionByline(v cardView) string {
	s := v.X.ResolutionName
	if v.P.ResolutionAt != nil {
		if s != "" {
			s += ", "
		}
		s += i18n.DateTime(*v.P.ResolutionAt)
	}
	return s
}
